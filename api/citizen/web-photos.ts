// The 网上诉求 page's photos: checked before the ticket is opened (a refused photo sends the form
// back, nothing opened), kept after it as the ticket's intake photos, registered by the web form.
import type { Request } from 'express';
import type { AttachmentConfig } from '../../attachments/config';
import { BrokenImage } from '../../attachments/image';
import { prepareFile, UnsupportedFile } from '../../attachments/prepare';
import type { Actor } from '../../domain/ticket';
import { keepUpload } from '../attachment-upload';
import type { ApiContext } from '../context';
import { ApiError } from '../errors';
import { formatBytes, readUpload } from '../multipart';
import { WEB_PHOTOS } from './submit-page';

/** `refused`: why the photos cannot be taken (the form goes back with it, as typed when it was read). */
export interface WebForm {
  fields: Record<string, unknown>;
  photos: Buffer[];
  refused?: string;
}

/** The form's fields and photos: a multipart form, or the plain urlencoded one (no photos). */
export async function readWebForm(req: Request, cfg: AttachmentConfig | undefined): Promise<WebForm> {
  if (!req.is('multipart/form-data')) return { fields: (req.body ?? {}) as Record<string, unknown>, photos: [] };
  const limit = cfg?.maxFileBytes ?? 1;
  let upload;
  try {
    upload = await readUpload(req, limit, WEB_PHOTOS);
  } catch (err) {
    // The body was not read to its end: the fields typed are not known either.
    if (err instanceof ApiError && err.code === 'payload_too_large')
      return { fields: {}, photos: [], refused: `每张照片不能超过 ${formatBytes(limit)}。` };
    if (err instanceof ApiError && err.code === 'validation_failed') return { fields: {}, photos: [], refused: `最多上传 ${WEB_PHOTOS} 张照片。` };
    throw err;
  }
  const photos = upload.files.filter((f) => f.field === 'photos' && f.bytes.length > 0).map((f) => f.bytes);
  const refuse = (why: string): WebForm => ({ fields: upload.fields, photos: [], refused: why });
  if (photos.length && !cfg) return refuse('暂时不能上传照片，请不附照片提交。');
  for (const bytes of photos) {
    try {
      prepareFile('photo', bytes);
    } catch (err) {
      if (err instanceof UnsupportedFile) return refuse('照片须为 JPG 或 PNG 图片。');
      if (err instanceof BrokenImage) return refuse('有一张照片已损坏，无法读取。');
      throw err;
    }
  }
  return { fields: upload.fields, photos };
}

/** Keeps the photos on the ticket just opened; one that cannot be kept is logged, the ticket stands. */
export async function keepWebPhotos(ctx: ApiContext, cfg: AttachmentConfig, ticketId: string, actor: Actor, photos: Buffer[]): Promise<number> {
  let kept = 0;
  for (const [i, bytes] of photos.entries()) {
    try {
      const state = await ctx.store.load(ticketId);
      await keepUpload(ctx, cfg, state, actor, { kind: 'photo', step: 'intake', bytes }, `web-photo-${i}`);
      kept += 1;
    } catch (err) {
      console.warn(`[api] web request ${ticketId}: photo ${i + 1} not kept: ${(err as Error)?.message ?? String(err)}`);
    }
  }
  return kept;
}
