// Statistics from the ledger (issue 6): per-unit figures for a period, the monthly ranking, the
// monthly hotspots; `?format=csv` for spreadsheets (ledger/csv.ts). Scoping: api/stats-scope.ts.
import { Response, Router } from 'express';
import { hotspots } from '../../ledger/hotspots';
import { hotlineCsv, hotspotsCsv, rankingCsv, unitStatsCsv } from '../../ledger/csv';
import { hotlineStats } from '../../ledger/hotline-stats';
import { catalogUnitGroups, rankUnits } from '../../ledger/ranking';
import { unitStats } from '../../ledger/stats';
import { requireRole } from '../access';
import { attachment } from '../attachment';
import { actorOf } from '../auth';
import { ApiContext, withLedger } from '../context';
import { parseOr400 } from '../errors';
import { hotlineQuerySchema, monthQuerySchema, unitStatsQuerySchema } from '../stats-schemas';
import { hotspotRoles, rankingForCsv, scopeRanking, statsRoles, statsUnits } from '../stats-scope';

export function sendCsv(res: Response, filename: string, csv: string): void {
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
    const report = await withLedger(ctx, (db) =>
      unitStats(db, { from: q.from, to: q.to, units, requestType: q.requestType, citizenKind: q.citizenKind, channel: q.channel }),
    );
    if (q.format === 'csv') return sendCsv(res, `unit-stats_${q.from}_${q.to}${units?.length === 1 ? `_${units[0]}` : ''}.csv`, unitStatsCsv(report));
    res.json(report);
  });

  // The dispatch desk's figures (按时派单率, 一次转办准确率, …): the hotline's, not a unit's to see.
  r.get('/api/v1/stats/hotline', async (req, res) => {
    const actor = actorOf(res);
    requireRole(hotspotRoles, actor, '查看热线派单统计');
    const { format, ...q } = parseOr400(hotlineQuerySchema, req.query, '查询参数');
    const report = await withLedger(ctx, (db) => hotlineStats(db, q));
    if (format === 'csv') return sendCsv(res, `hotline-stats_${q.from}_${q.to}.csv`, hotlineCsv(report, q));
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
