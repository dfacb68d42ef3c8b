// Reading the pre-aggregated statistics (migration 011): a period of Beijing dates is read as its
// whole months from the monthly rows and the days at either end from the daily rows, so a year costs
// twelve rows per unit and cut whatever the volume. Rows whose counts went back to zero (a ticket
// moved to another day or cut) are left in place and skipped here.
import type { Queryable } from './db';
import { Dimensions } from './dimensions';
import { hotlineColumns, unitColumns } from './aggregate-schema';
import type { HotlineCounts } from './hotline-stats';
import type { Period } from './period';
import type { UnitCounts } from './stats';

const day = (d: string) => new Date(`${d}T00:00:00Z`);
const iso = (d: Date) => d.toISOString().slice(0, 10);
const addDays = (d: string, n: number) => iso(new Date(day(d).getTime() + n * 86_400_000));
const monthStart = (d: string) => `${d.slice(0, 7)}-01`;
const nextMonth = (d: string) => {
  const x = day(monthStart(d));
  return iso(new Date(Date.UTC(x.getUTCFullYear(), x.getUTCMonth() + 1, 1)));
};

/** Whole months [monthsFrom, monthsTo) inside the period; the days outside them are read daily. Empty when monthsFrom = monthsTo. */
export function splitPeriod({ from, to }: Period): { monthsFrom: string; monthsTo: string } {
  const monthsFrom = from === monthStart(from) ? from : nextMonth(from);
  const after = addDays(to, 1);
  const monthsTo = after === monthStart(after) ? after : monthStart(to);
  return monthsFrom < monthsTo ? { monthsFrom, monthsTo } : { monthsFrom: after, monthsTo: after };
}

/** The `AND` conditions of a cut on an aggregate table, values pushed onto `params`. */
export function cutConditions(d: Dimensions, params: unknown[]): string {
  const bind = (v: unknown) => `$${params.push(v)}`;
  let where = '';
  if (d.requestType) where += ` AND request_type = ${bind(d.requestType)}`;
  if (d.citizenKind) where += ` AND citizen_kind = ${bind(d.citizenKind)}`;
  if (d.channel) where += ` AND channel = ${bind(d.channel)}`;
  return where;
}

/** Per unit (and the ROLLUP total, unit null): the counts of ledger/stats.ts, from the aggregates. */
export async function aggregatedUnitCounts(
  db: Queryable,
  q: Period & Dimensions & { units?: string[] },
): Promise<(UnitCounts & { unit: string | null })[]> {
  const { monthsFrom, monthsTo } = splitPeriod(q);
  const params: unknown[] = [q.from, q.to, monthsFrom, monthsTo];
  let where = cutConditions(q, params);
  if (q.units) where += ` AND unit = ANY($${params.push(q.units)}::text[])`;
  const cols = unitColumns();
  const list = cols.map((c) => c.column).join(', ');
  return db.query(
    `SELECT unit, ${cols.map((c) => `sum(${c.column})::int AS "${c.key}"`).join(', ')}
       FROM (SELECT unit, ${list} FROM stats_unit_month
              WHERE month >= $3::date AND month < $4::date${where}
             UNION ALL
             SELECT unit, ${list} FROM stats_unit_day
              WHERE ((day >= $1::date AND day < $3::date) OR (day >= $4::date AND day <= $2::date))${where}) x
      GROUP BY ROLLUP (unit)
     HAVING sum(received) > 0`,
    params,
  );
}

/** The dispatch desk's counts of ledger/hotline-stats.ts for a period and cut, from the aggregates. */
export async function aggregatedHotlineCounts(db: Queryable, q: Period & Dimensions): Promise<HotlineCounts> {
  const params: unknown[] = [q.from, q.to];
  const where = cutConditions(q, params);
  const [row] = await db.query<HotlineCounts>(
    `SELECT ${hotlineColumns()
      .map((c) => `COALESCE(sum(${c.column}), 0)::int AS "${c.key}"`)
      .join(', ')}
       FROM stats_hotline_day WHERE day BETWEEN $1::date AND $2::date${where}`,
    params,
  );
  return row;
}
