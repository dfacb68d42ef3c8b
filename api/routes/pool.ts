// GET /api/v1/pool: the ticket pool (工单池) of the console, ordered by the deadline running now.
// Handlers and unit leaders see their own unit's tickets only (as in GET /api/v1/tickets).
import { Router } from 'express';
import { ticketStatuses } from '../../domain/ticket';
import { readPool } from '../../ledger/pool';
import { actorOf } from '../auth';
import { ApiContext, withLedger } from '../context';
import { parseOr400 } from '../errors';
import { poolQuerySchema } from '../pool-schemas';
import { scopedUnit } from '../ticket-list';

export function poolRoutes(ctx: ApiContext): Router {
  const r = Router();
  r.get('/api/v1/pool', async (req, res) => {
    const q = parseOr400(poolQuerySchema, req.query, '查询参数');
    const unit = scopedUnit(q, actorOf(res));
    const { items, total } = await withLedger(ctx, (db) =>
      readPool(db, {
        unit,
        statuses: q.status,
        category: q.category,
        district: q.district,
        requestType: q.requestType,
        overdue: q.overdue,
        includeClosed: q.includeClosed,
        page: q.page,
        pageSize: q.pageSize,
      }),
    );
    res.json({ items: items.map((i) => ({ ...i, statusLabel: ticketStatuses[i.status] })), total, page: q.page, pageSize: q.pageSize });
  });
  return r;
}
