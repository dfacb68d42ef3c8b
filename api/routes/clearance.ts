// GET /api/v1/clearance?month=&unit=&format=csv — 动态清零 (seed 003): the month's register of
// unresolved and unsatisfied tickets per unit (ledger/clearance.ts), scoped like the unit statistics.
import { Router } from 'express';
import { clearanceRegister } from '../../ledger/clearance';
import { clearanceCsv } from '../../ledger/csv';
import { requireRole } from '../access';
import { actorOf } from '../auth';
import { clearanceQuerySchema } from '../clearance-schemas';
import { ApiContext, withLedger } from '../context';
import { parseOr400 } from '../errors';
import { statsRoles, statsUnits } from '../stats-scope';
import { sendCsv } from './stats';

export function clearanceRoutes(ctx: ApiContext): Router {
  const r = Router();
  r.get('/api/v1/clearance', async (req, res) => {
    const actor = actorOf(res);
    requireRole(statsRoles, actor, '查看动态清零台账');
    const q = parseOr400(clearanceQuerySchema, req.query, '查询参数');
    const units = statsUnits(q.unit, actor, ctx.catalog());
    const register = await withLedger(ctx, (db) => clearanceRegister(db, { month: q.month, units }));
    if (q.format === 'csv') return sendCsv(res, `clearance_${q.month}${units?.length === 1 ? `_${units[0]}` : ''}.csv`, clearanceCsv(register));
    res.json(register);
  });
  return r;
}
