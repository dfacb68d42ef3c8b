// Statistics from the ledger (issue 6): per-unit figures for a period, the monthly ranking, the
// monthly hotspots; `?format=csv` for spreadsheets (ledger/csv.ts). Scoping: api/stats-scope.ts.
import { Response, Router } from 'express';
import { hotspots } from '../../ledger/hotspots';
import { hotspotsCsv, rankingCsv, unitStatsCsv } from '../../ledger/csv';
import { catalogUnitGroups, rankUnits } from '../../ledger/ranking';
import { unitStats } from '../../ledger/stats';
import { requireRole } from '../access';
import { attachment } from '../attachment';
import { actorOf } from '../auth';
import { ApiContext, withLedger } from '../context';
import { parseOr400 } from '../errors';
import { monthQuerySchema, unitStatsQuerySchema } from '../stats-schemas';
import { hotspotRoles, rankingForCsv, scopeRanking, statsRoles, statsUnits } from '../stats-scope';

function sendCsv(res: Response, filename: string, csv: string): void {
  res.setHeader('Content-Type', 'text/csv; charset=utf-8');
  res.setHeader('Content-Disposition', attachment(filename));
  res.send(csv);
}

export function statsRoutes(ctx: ApiContext): Router {
  const r = Router();

  r.get('/api/v1/stats/units', async (req, res) => {
    const actor = actorOf(res);
    requireRole(statsRoles, actor, '查看统计');
    const q = parseOr400(unitStatsQuerySchema, req.query, '查询参数');
    const units = statsUnits(q.unit, actor, ctx.catalog());
    const report = await withLedger(ctx, (db) => unitStats(db, { from: q.from, to: q.to, units }));
    if (q.format === 'csv') return sendCsv(res, `unit-stats_${q.from}_${q.to}${units?.length === 1 ? `_${units[0]}` : ''}.csv`, unitStatsCsv(report));
    res.json(report);
  });

  r.get('/api/v1/stats/ranking', async (req, res) => {
    const actor = actorOf(res);
    requireRole(statsRoles, actor, '查看排名');
    const q = parseOr400(monthQuerySchema, req.query, '查询参数');
    const ranking = await withLedger(ctx, (db) => rankUnits(db, q.month, undefined, { groupOf: catalogUnitGroups(ctx.catalog()) }));
    const scoped = scopeRanking(ranking, actor);
    if (q.format === 'csv') return sendCsv(res, `ranking_${q.month}.csv`, rankingCsv(rankingForCsv(scoped)));
    res.json(scoped);
  });

  r.get('/api/v1/stats/hotspots', async (req, res) => {
    const actor = actorOf(res);
    requireRole(hotspotRoles, actor, '查看热点分析');
    const q = parseOr400(monthQuerySchema, req.query, '查询参数');
    const report = await withLedger(ctx, (db) => hotspots(db, q.month));
    if (q.format === 'csv') return sendCsv(res, `hotspots_${q.month}.csv`, hotspotsCsv(report));
    res.json(report);
  });

  return r;
}
