// POST requests: the client system's api_key (ledger/open311-keys.ts), a limit per key, then the
// same intake path as POST /api/v1/tickets (api/intake.ts), as the key's client.
import express, { Router } from 'express';
import type { Actor } from '../../domain/ticket';
import { findOpen311Key } from '../../ledger/open311-keys';
import { ApiContext, withLedger } from '../context';
import { openTicket } from '../intake';
import { RateLimiter } from '../rate-limit';
import { Open311Error, sendErrors } from './errors';
import { mapPostRequest } from './post-request';
import { formatParam, send } from './respond';

export const SERVICE_NOTICE = '已受理，承办单位将按时限办理；可凭 service_request_id 查询进度。';

export function requestPostRoutes(ctx: ApiContext, perMinute: number): Router {
  const r = Router();
  const limiter = new RateLimiter(perMinute, 60_000);
  r.post('/open311/v2/requests.:format', express.urlencoded({ extended: false, limit: '64kb', parameterLimit: 50 }), async (req, res) => {
    const format = formatParam(req);
    const fields = (req.body ?? {}) as Record<string, unknown>;
    const apiKey = typeof fields.api_key === 'string' ? fields.api_key : undefined;
    if (!apiKey) throw new Open311Error(403, 'api_key 缺失');
    const key = apiKey.length <= 200 ? await withLedger(ctx, (db) => findOpen311Key(db, apiKey)) : undefined;
    if (!key) throw new Open311Error(403, 'api_key 无效或已吊销');
    if (!limiter.take(String(key.id), ctx.now().getTime())) {
      res.setHeader('Retry-After', '60');
      throw new Open311Error(429, `提交过于频繁：每个 api_key 每分钟最多 ${perMinute} 件`);
    }
    const mapped = mapPostRequest(fields, ctx.catalog());
    if (!mapped.ok) return sendErrors(res, format, mapped.status, mapped.errors);
    const actor: Actor = { id: `open311-${key.id}`, name: key.client, role: 'system' };
    const opened = await openTicket(ctx, mapped.intake, actor);
    send(res, format, 'service_requests', [{ service_request_id: opened.state.id, service_notice: SERVICE_NOTICE, account_id: null }], 201);
  });
  return r;
}
