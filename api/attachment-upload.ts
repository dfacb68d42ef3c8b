// Keeping one uploaded file: checked (type, image, limits), sealed and stored, then its metadata
// added to the ticket through the `attach` action. The object goes first and is removed again
// when the action is refused or fails: metadata never names a missing object, and a refused
// upload leaves no object behind. The same Idempotency-Key on one ticket names the same
// attachment: sent twice, it is stored once.
import { createHash, randomBytes } from 'node:crypto';
import type { AttachmentConfig } from '../attachments/config';
import { BrokenImage } from '../attachments/image';
import { objectKey } from '../attachments/object-store';
import { prepareFile, UnsupportedFile } from '../attachments/prepare';
import { seal } from '../attachments/seal';
import type { GpsPosition } from '../attachments/tiff-gps';
import type { Actor, Attachment, AttachmentKind, AttachmentStep, TicketState } from '../domain/ticket';
import type { ApiContext } from './context';
import { ApiError } from './errors';
import { formatBytes, tooLarge } from './multipart';

export interface Kept {
  attachment: Attachment;
  created: boolean;
  gps?: GpsPosition;
}

const attachmentId = (ticketId: string, key: string | undefined) =>
  `att-${key === undefined ? randomBytes(10).toString('hex') : createHash('sha256').update(`${ticketId}\n${key}`).digest('hex').slice(0, 20)}`;

export async function keepUpload(
  ctx: ApiContext,
  cfg: AttachmentConfig,
  state: TicketState,
  actor: Actor,
  file: { kind: AttachmentKind; step: AttachmentStep; bytes: Buffer },
  idempotencyKey?: string,
): Promise<Kept> {
  let prepared;
  try {
    prepared = prepareFile(file.kind, file.bytes);
  } catch (err) {
    if (err instanceof UnsupportedFile) throw new ApiError('unsupported_media_type', err.message);
    if (err instanceof BrokenImage) throw new ApiError('validation_failed', `图片已损坏：${err.message}`, [{ path: 'file', message: err.message }]);
    throw err;
  }
  const id = attachmentId(state.id, idempotencyKey);
  const existing = state.attachments?.find((a) => a.id === id);
  if (existing) {
    if (existing.sha256 !== prepared.sha256 || existing.kind !== file.kind || existing.step !== file.step) {
      throw new ApiError('idempotency_conflict', `Idempotency-Key 已用于本工单的另一个附件（${existing.id}）`);
    }
    return { attachment: existing, created: false, ...(prepared.gps ? { gps: prepared.gps } : {}) };
  }
  const held = (state.attachments ?? []).reduce((n, a) => n + a.size, 0);
  if (held + prepared.bytes.length > cfg.maxTicketBytes) {
    throw tooLarge(cfg.maxTicketBytes, `本工单附件合计（已有 ${formatBytes(held)}）`);
  }

  const key = objectKey(state.id, id);
  await cfg.store.put(key, seal(cfg.keyRing, key, prepared.bytes));
  const input = { id, kind: file.kind, step: file.step, contentType: prepared.contentType, size: prepared.bytes.length, sha256: prepared.sha256 };
  let next: TicketState;
  try {
    next = await ctx.store.act(state.id, 'attach', actor, input);
  } catch (err) {
    // The same key raced in twice: the other request's entry stands, and its object is the same file.
    const now = await ctx.store.load(state.id).catch(() => undefined);
    const raced = now?.attachments?.find((a) => a.id === id);
    if (raced && raced.sha256 === prepared.sha256) return { attachment: raced, created: false };
    await cfg.store.delete(key).catch(() => undefined);
    throw err;
  }
  const attachment = next.attachments!.find((a) => a.id === id)!;
  return { attachment, created: true, ...(prepared.gps ? { gps: prepared.gps } : {}) };
}
