// GET /api/v1/stats/whistles: how often each street blew the whistle (吹哨, R17) in a period; the
// same roles and scoping as the unit statistics (a unit leader: their own unit).
import { Router } from 'express';
import { toCsv } from '../../ledger/csv';
import { whistlesPerStreet } from '../../ledger/whistles';
import { requireRole } from '../access';
import { actorOf } from '../auth';
import { ApiContext, withLedger } from '../context';
import { parseOr400 } from '../errors';
import { unitStatsQuerySchema } from '../stats-schemas';
import { statsRoles, statsUnits } from '../stats-scope';

export function whistleStatsRoutes(ctx: ApiContext): Router {
  const r = Router();
  r.get('/api/v1/stats/whistles', async (req, res) => {
    const actor = actorOf(res);
    requireRole(statsRoles, actor, '查看吹哨统计');
    const q = parseOr400(unitStatsQuerySchema, req.query, '查询参数');
    const units = statsUnits(q.unit, actor, ctx.catalog());
    const streets = await withLedger(ctx, (db) => whistlesPerStreet(db, { from: q.from, to: q.to, units }));
    if (q.format === 'csv') {
      res.setHeader('Content-Type', 'text/csv; charset=utf-8');
      res.setHeader('Content-Disposition', `attachment; filename="whistles_${q.from}_${q.to}.csv"`);
      return res.send(
        toCsv(
          ['单位', '吹哨次数', '涉及工单数'],
          streets.map((s) => [s.unit, s.whistles, s.tickets]),
        ),
      );
    }
    res.json({ from: q.from, to: q.to, streets });
  });
  return r;
}
