// The Open311 API keys, one per client system (admins only): issue (the key is shown once), list,
// revoke. Only hashes are stored (ledger/open311-keys.ts).
import { Router } from 'express';
import { z } from 'zod';
import { hasUnstorable } from '../../ledger/redact';
import { issueOpen311Key, listOpen311Keys, revokeOpen311Key } from '../../ledger/open311-keys';
import { requireRole } from '../access';
import { actorOf } from '../auth';
import { ApiContext, withLedger } from '../context';
import { ApiError, parseOr400 } from '../errors';

export const open311KeyBodySchema = z.strictObject({
  client: z
    .string()
    .trim()
    .min(1)
    .max(100)
    // A client system's name: no control characters, no broken (lone surrogate) characters.
    // eslint-disable-next-line no-control-regex -- control characters are what this refuses
    .refine((s) => !/[\u0000-\u001F\u007F]/.test(s) && !hasUnstorable(s), 'must be plain text (no control or broken characters)'),
});
const keyIdSchema = z.coerce.number().int().positive();

export function open311KeyRoutes(ctx: ApiContext): Router {
  const r = Router();
  r.post('/api/v1/open311/keys', async (req, res) => {
    const actor = actorOf(res);
    requireRole(['admin'], actor, '签发 Open311 接口密钥');
    const { client } = parseOr400(open311KeyBodySchema, req.body, '请求体');
    const issued = await withLedger(ctx, (db) => issueOpen311Key(db, client, actor.id, ctx.now()));
    res.setHeader('Cache-Control', 'no-store');
    res.status(201).json({ ...issued.record, key: issued.key });
  });
  r.get('/api/v1/open311/keys', async (_req, res) => {
    requireRole(['admin'], actorOf(res), '查看 Open311 接口密钥');
    res.json({ items: await withLedger(ctx, listOpen311Keys) });
  });
  r.post('/api/v1/open311/keys/:id/revoke', async (req, res) => {
    const actor = actorOf(res);
    requireRole(['admin'], actor, '吊销 Open311 接口密钥');
    const parsed = keyIdSchema.safeParse(req.params.id);
    if (!parsed.success) throw new ApiError('not_found', `密钥 ${String(req.params.id).slice(0, 32)} 不存在`);
    const key = await withLedger(ctx, (db) => revokeOpen311Key(db, parsed.data, actor.id, ctx.now()));
    if (!key) throw new ApiError('not_found', `密钥 ${parsed.data} 不存在`);
    res.json(key);
  });
  return r;
}
