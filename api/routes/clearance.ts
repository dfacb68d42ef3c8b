// GET /api/v1/clearance?month=&unit=&limit=&cursor=&format=csv — 动态清零 (seed 003): the month's
// register of unresolved and unsatisfied tickets per unit (ledger/clearance.ts), scoped like the unit
// statistics. JSON: every unit's counts and one page of entries (a city's month holds a hundred
// thousand); CSV: every entry, streamed a batch at a time so memory stays bounded.
import { Router, type Response } from 'express';
import { clearanceBatches, clearancePage, clearanceUnitCounts, type ClearanceQuery } from '../../ledger/clearance-page';
import { clearanceCsvHead, clearanceCsvLines } from '../../ledger/csv';
import type { Queryable } from '../../ledger/db';
import { requireRole } from '../access';
import { actorOf } from '../auth';
import { clearanceCursorOf, clearanceQuerySchema } from '../clearance-schemas';
import { ApiContext, withLedger } from '../context';
import { parseOr400 } from '../errors';
import { statsRoles, statsUnits } from '../stats-scope';
import { attachment } from '../attachment';

export function clearanceRoutes(ctx: ApiContext): Router {
  const r = Router();
  r.get('/api/v1/clearance', async (req, res) => {
    const actor = actorOf(res);
    requireRole(statsRoles, actor, '查看动态清零台账');
    const q = parseOr400(clearanceQuerySchema, req.query, '查询参数');
    const units = statsUnits(q.unit, actor, ctx.catalog());
    const query = { month: q.month, units };
    if (q.format === 'csv') {
      const filename = `clearance_${q.month}${units?.length === 1 ? `_${units[0]}` : ''}.csv`;
      return withLedger(ctx, (db) => streamCsv(res, db, query, filename));
    }
    const [counts, page] = await withLedger(ctx, (db) =>
      Promise.all([clearanceUnitCounts(db, query), clearancePage(db, { ...query, limit: q.limit, after: q.cursor })]),
    );
    res.json({ month: q.month, units: counts, entries: page.entries, nextCursor: page.next ? clearanceCursorOf(page.next) : null });
  });
  return r;
}

/** Writes each batch as it is read, waiting for the client to take it; a failure after the first byte cuts the answer. */
async function streamCsv(res: Response, db: Queryable, q: ClearanceQuery, filename: string): Promise<void> {
  const batches = clearanceBatches(db, q);
  const first = await batches.next(); // a failing ledger is still a clean 503 before any byte is sent
  res.setHeader('Content-Type', 'text/csv; charset=utf-8');
  res.setHeader('Content-Disposition', attachment(filename));
  try {
    await write(res, clearanceCsvHead());
    for (let b = first; !b.done; b = await batches.next()) {
      if (res.destroyed) return void (await batches.return(undefined));
      await write(res, clearanceCsvLines(q.month, b.value));
    }
    res.end();
  } catch (err) {
    res.destroy(err instanceof Error ? err : new Error(String(err)));
  }
}

/** Resolves once the client has taken the chunk (or gone): each listener is removed with the other. */
const write = (res: Response, chunk: string): Promise<void> =>
  res.write(chunk)
    ? Promise.resolve()
    : new Promise((resolve) => {
        const done = () => {
          res.off('drain', done).off('close', done);
          resolve();
        };
        res.on('drain', done).on('close', done);
      });
