// GET /api/v1/supervision?reason=&pageSize=&pageToken= — the tickets escalated by pattern (提级督办,
// seed 004: 多人一诉, 一人多诉, 久拖不决, 多次重办不满意), latest escalation first, from the ledger.
// For the supervision desk and admins. Callers' pseudonyms stay in the ledger.
import { Router } from 'express';
import type { Role, SupervisionReason } from '../../domain/ticket';
import { listSupervised } from '../../ledger/supervision';
import { requireRole } from '../access';
import { actorOf } from '../auth';
import { ApiContext, withLedger } from '../context';
import { parseOr400 } from '../errors';
import { supervisionQuerySchema } from '../supervision-schemas';

export const supervisionRoles: readonly Role[] = ['supervisor', 'admin'];

export function supervisionRoutes(ctx: ApiContext): Router {
  const r = Router();
  r.get('/api/v1/supervision', async (req, res) => {
    const actor = actorOf(res);
    requireRole(supervisionRoles, actor, '查看提级督办清单');
    const q = parseOr400(supervisionQuerySchema, req.query, '查询参数');
    const offset = q.pageToken === undefined ? 0 : Number(q.pageToken);
    // One row more than the page: whether a next page exists.
    const rows = await withLedger(ctx, (db) =>
      listSupervised(db, { reason: q.reason as SupervisionReason | undefined, limit: q.pageSize + 1, offset }),
    );
    res.json({
      items: rows.slice(0, q.pageSize),
      ...(rows.length > q.pageSize ? { nextPageToken: String(offset + q.pageSize) } : {}),
    });
  });
  return r;
}
