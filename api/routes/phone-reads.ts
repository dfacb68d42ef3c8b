// GET /api/v1/phone-reads: who read citizens' phone numbers in full (个人信息保护法), for admins
// only; newest first, paged. The log holds no number (ledger/phone-reads.ts).
import { Router } from 'express';
import type { Role } from '../../domain/ticket';
import { listPhoneReads } from '../../ledger/phone-reads';
import { requireRole } from '../access';
import { actorOf } from '../auth';
import { ApiContext, withLedger } from '../context';
import { parseOr400 } from '../errors';
import { phoneReadQuerySchema } from '../phone-read-schemas';

export const phoneReadRoles: readonly Role[] = ['admin'];

export function phoneReadRoutes(ctx: ApiContext): Router {
  const r = Router();
  r.get('/api/v1/phone-reads', async (req, res) => {
    const actor = actorOf(res);
    requireRole(phoneReadRoles, actor, '查看电话号码查阅记录');
    const q = parseOr400(phoneReadQuerySchema, req.query, '查询参数');
    const before = q.pageToken === undefined ? undefined : Number(q.pageToken);
    // One row more than the page: whether a next page exists.
    const rows = await withLedger(ctx, (db) => listPhoneReads(db, { ticket: q.ticket, from: q.from, to: q.to, limit: q.pageSize + 1, before }));
    const page = rows.slice(0, q.pageSize);
    res.json({
      items: page.map(({ id: _id, ...read }) => read),
      ...(rows.length > q.pageSize ? { nextPageToken: String(page.at(-1)!.id) } : {}),
    });
  });
  return r;
}
