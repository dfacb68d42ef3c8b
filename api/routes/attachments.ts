// A ticket's files: POST /api/v1/tickets/{id}/attachments (multipart: file, kind, step) keeps one,
// GET …/attachments lists those the caller may read, GET …/attachments/{attachmentId} serves one.
// Who may attach or read follows the ticket's own access rules (api/ticket-scope.ts): a unit not on
// the ticket gets the same 404 as for the ticket itself. Every file served is logged first
// (个人信息保护法); a read that cannot be logged is not served.
import { Router } from 'express';
import type { AttachmentConfig } from '../../attachments/config';
import { objectKey } from '../../attachments/object-store';
import { open } from '../../attachments/seal';
import { readsAttachment, TicketState, visibleAttachments } from '../../domain/ticket';
import { recordAttachmentRead } from '../../ledger/attachment-reads';
import { requireActionAllowed, requireActionRole } from '../access';
import { attachment as contentDisposition } from '../attachment';
import { uploadFieldsSchema } from '../attachment-schemas';
import { keepUpload } from '../attachment-upload';
import { actorOf } from '../auth';
import { ApiContext, withLedger } from '../context';
import { ApiError, parseOr400, validationError } from '../errors';
import { readUpload } from '../multipart';
import { idempotencyHeaders } from '../schemas';
import { requireReadable, requireVisible } from '../ticket-scope';
import { loadOrArchived, ticketId } from './tickets';

const notConfigured = () => new ApiError('not_configured', '附件存储未配置');
const noSuchFile = (id: string, att: string) => new ApiError('not_found', `工单 ${id} 没有附件 ${att.slice(0, 64)}`);

export function attachmentRoutes(ctx: ApiContext, cfg: AttachmentConfig | undefined): Router {
  const r = Router();

  r.post('/api/v1/tickets/:id/attachments', async (req, res) => {
    const actor = actorOf(res);
    if (!cfg) throw notConfigured();
    requireActionRole('attach', actor);
    const id = ticketId(req.params.id);
    await requireVisible(ctx, id, actor);
    const { 'idempotency-key': key } = parseOr400(idempotencyHeaders, { 'idempotency-key': req.get('idempotency-key') }, '请求头');
    const upload = await readUpload(req, cfg.maxFileBytes);
    const fields = parseOr400(uploadFieldsSchema, upload.fields, '表单');
    if (!upload.file || upload.file.field !== 'file' || upload.file.bytes.length === 0) {
      throw validationError('表单', [{ path: 'file', message: '缺少文件（字段 file）' }]);
    }
    const state = await ctx.store.load(id);
    requireActionAllowed(state, 'attach', actor);
    const kept = await keepUpload(ctx, cfg, state, actor, { ...fields, bytes: upload.file.bytes }, key);
    res.location(`/api/v1/tickets/${encodeURIComponent(id)}/attachments/${kept.attachment.id}`);
    if (!kept.created) res.setHeader('Idempotent-Replayed', 'true');
    res.status(kept.created ? 201 : 200).json({ ...kept.attachment, ...(kept.gps ? { gps: kept.gps } : {}) });
  });

  const readable = async (id: string, actor: ReturnType<typeof actorOf>): Promise<TicketState> => {
    await requireVisible(ctx, id, actor);
    const { state } = await loadOrArchived(ctx, id);
    requireReadable(state, actor);
    return state;
  };

  r.get('/api/v1/tickets/:id/attachments', async (req, res) => {
    const actor = actorOf(res);
    const state = await readable(ticketId(req.params.id), actor);
    res.json({ items: visibleAttachments(state, actor) });
  });

  r.get('/api/v1/tickets/:id/attachments/:attachmentId', async (req, res) => {
    const actor = actorOf(res);
    if (!cfg) throw notConfigured();
    const id = ticketId(req.params.id);
    const state = await readable(id, actor);
    const attId = String(req.params.attachmentId);
    const meta = state.attachments?.find((a) => a.id === attId);
    // A file the caller may not read is answered like one that does not exist.
    if (!meta || !readsAttachment(state, actor, meta)) throw noSuchFile(id, attId);
    const key = objectKey(id, meta.id);
    const sealed = await cfg.store.get(key);
    if (!sealed) throw noSuchFile(id, attId);
    const bytes = open(cfg.keyRing, key, sealed);
    await withLedger(ctx, (db) =>
      recordAttachmentRead(db, {
        at: ctx.now().toISOString(),
        ticketId: id,
        attachmentId: meta.id,
        actorId: actor.id,
        actorRole: actor.role,
        actorUnit: actor.unit ?? null,
      }),
    );
    res.setHeader('Content-Type', meta.contentType);
    res.setHeader('Content-Length', String(bytes.length));
    // Photos and PDFs open in the console's viewer; the answer is never cached on the way.
    res.setHeader('Content-Disposition', contentDisposition(`${meta.id}.${extension(meta.contentType)}`).replace(/^attachment/, 'inline'));
    res.setHeader('Cache-Control', 'private, no-store');
    res.setHeader('ETag', `"${meta.sha256}"`);
    res.end(bytes);
  });

  return r;
}

const extension = (type: string) =>
  ({
    'image/jpeg': 'jpg',
    'image/png': 'png',
    'application/pdf': 'pdf',
    'audio/wav': 'wav',
    'audio/amr': 'amr',
    'audio/mpeg': 'mp3',
    'audio/mp4': 'm4a',
  })[type] ?? 'bin';
