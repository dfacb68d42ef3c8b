// Keeps the pre-aggregated statistics (migration 011) current inside the ledger write's own
// transaction: the ticket's contribution is read from its raw rows before the write and again after
// it, and only the difference is added to the aggregate rows. Whatever the write did (a late outcome,
// a state arriving out of order, a changed request type, a merge), the aggregates then stay equal to
// the direct computation over the raw rows; a write that changes no figure writes nothing more.
// The contribution "before" is the one the ticket's previous write left in stats_contribution
// (migration 015) while the ticket is open (the writes of a ticket come while it is handled): one
// read by key instead of the count queries. A closed ticket's row is dropped (the table stays as
// small as the open workload); without a row (closed, bulk-loaded, after a rebuild) it is computed.
import { terminalStatuses } from '../domain/ticket/model';
import { refreshClearance } from './clearance-store';
import { PREPARE, type Queryable } from './db';
import { hotlineColumns, hotlineContributionSql, placeContributionSql, unitColumns, unitContributionSql } from './aggregate-schema';

type Row = Record<string, unknown>;

export interface Contribution {
  units: Row[];
  hotline: Row[];
  places: Row[];
  /** Whether the ticket has (or may now get) a 动态清零 row: most tickets never do, and skip it. */
  clearance: boolean;
}

/** A contribution as the write found it: `stored` when it came from stats_contribution. */
interface Before extends Contribution {
  stored?: boolean;
}

/** The contribution computed now, with the summary's status (whether to keep it for the next write). */
interface Now extends Contribution {
  status?: string | null;
}

const asJson = (sql: string) => `(SELECT COALESCE(jsonb_agg(c), '[]'::jsonb) FROM (${sql}) c)`;
const contributionSql = () => `SELECT ${asJson(unitContributionSql(false))} AS units,
       ${asJson(hotlineContributionSql(false))} AS hotline,
       ${asJson(placeContributionSql(false))} AS places,
       EXISTS (SELECT 1 FROM stats_clearance WHERE ticket_id = $1)
         OR EXISTS (SELECT 1 FROM ticket_summaries s, jsonb_array_elements(s.state->'followUps') f
                     WHERE s.id = $1 AND s.follow_up IS NOT NULL -- no follow-up yet: no need to read the state
                       AND (f->>'satisfaction' = 'unsatisfied' OR f->>'resolved' = 'false')) AS clearance,
       (SELECT status FROM ticket_summaries WHERE id = $1) AS status`;

/** What one ticket's raw rows add to every aggregate table now (one query). */
export async function contributionOf(tx: Queryable, ticketId: string): Promise<Now> {
  const [row] = await tx.query<Now>(tables().contribution, [ticketId], PREPARE);
  return row;
}

/** The ticket's contribution before a write: as its previous write stored it, else computed (call under the ticket's lock). */
export async function contributionBefore(tx: Queryable, ticketId: string): Promise<Before> {
  const [kept] = await tx.query<{ c: Contribution }>('SELECT contribution AS c FROM stats_contribution WHERE ticket_id = $1', [ticketId], PREPARE);
  if (kept) return { ...kept.c, stored: true };
  const { status: _, ...computed } = await contributionOf(tx, ticketId);
  return computed;
}

const KEEP = `INSERT INTO stats_contribution (ticket_id, contribution) VALUES ($1, $2::jsonb)
ON CONFLICT (ticket_id) DO UPDATE SET contribution = EXCLUDED.contribution`;

/** Keeps the contribution for the ticket's next write while it is open; drops it once it is closed. */
async function keep(tx: Queryable, ticketId: string, before: Before, now: Now): Promise<void> {
  const { status, ...c } = now;
  if (!status || terminalStatuses.includes(status as never)) {
    if (before.stored) await tx.query('DELETE FROM stats_contribution WHERE ticket_id = $1', [ticketId], PREPARE);
    return;
  }
  const same = (a: Contribution, b: Contribution) =>
    JSON.stringify([a.units, a.hotline, a.places]) === JSON.stringify([b.units, b.hotline, b.places]);
  if (before.stored && same(before, c)) return;
  await tx.query(KEEP, [ticketId, JSON.stringify(c)], PREPARE);
}

interface Table {
  name: string;
  keys: { column: string; type: string }[];
  counts: string[];
}

const cut = [
  { column: 'request_type', type: 'text' },
  { column: 'citizen_kind', type: 'text' },
  { column: 'channel', type: 'text' },
];
const upsertSql = (t: Table, param = 1) => {
  const cols = [...t.keys.map((k) => k.column), ...t.counts];
  return `INSERT INTO ${t.name} AS t (${cols.join(', ')})
SELECT ${cols.join(', ')} FROM jsonb_to_recordset($${param}::jsonb)
    AS r(${[...t.keys.map((k) => `${k.column} ${k.type}`), ...t.counts.map((c) => `${c} integer`)].join(', ')})
ON CONFLICT (${t.keys.map((k) => k.column).join(', ')}) DO UPDATE SET
  ${t.counts.map((c) => `${c} = t.${c} + EXCLUDED.${c}`).join(',\n  ')}`;
};

interface Tables {
  unitDay: Table;
  unitMonth: Table;
  hotlineDay: Table;
  contribution: string;
}

let memo: Tables | undefined;
/** Built on first use (the count definitions are then loaded). */
function tables(): Tables {
  if (memo) return memo;
  const counts = unitColumns().map((c) => c.column);
  const unitDay = { name: 'stats_unit_day', keys: [{ column: 'day', type: 'date' }, { column: 'unit', type: 'text' }, ...cut], counts };
  const unitMonth = { name: 'stats_unit_month', keys: [{ column: 'month', type: 'date' }, { column: 'unit', type: 'text' }, ...cut], counts };
  const hotlineDay = { name: 'stats_hotline_day', keys: [{ column: 'day', type: 'date' }, ...cut], counts: hotlineColumns().map((c) => c.column) };
  memo = {
    unitDay,
    unitMonth,
    hotlineDay,
    contribution: contributionSql(),
  };
  return memo;
}

/** after − before per key; keys whose counts do not change are left out. */
export function difference(before: Row[], after: Row[], keys: string[], counts: string[]): Row[] {
  const acc = new Map<string, Row>();
  const add = (rows: Row[], sign: number) => {
    for (const r of rows) {
      const id = JSON.stringify(keys.map((k) => r[k]));
      const d = acc.get(id) ?? Object.fromEntries([...keys.map((k) => [k, r[k]]), ...counts.map((c) => [c, 0])]);
      for (const c of counts) d[c] = (d[c] as number) + sign * Number(r[c]);
      acc.set(id, d);
    }
  };
  add(after, 1);
  add(before, -1);
  // In key order: concurrent writers then lock shared rows in the same order (no deadlock).
  return [...acc.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, d]) => d)
    .filter((d) => counts.some((c) => d[c] !== 0));
}

/** Adds the rows to their tables in one statement (one round trip: data-modifying CTEs). */
async function upsert(tx: Queryable, parts: [Table, Row[]][]): Promise<void> {
  const todo = parts.filter(([, rows]) => rows.length);
  if (!todo.length) return;
  const sql = todo.map(([t], i) => upsertSql(t, i + 1));
  const last = sql.pop()!;
  await tx.query(
    sql.length ? `WITH ${sql.map((q, i) => `u${i} AS (${q})`).join(',\n')}\n${last}` : last,
    todo.map(([, rows]) => JSON.stringify(rows)),
    PREPARE, // one text per set of tables touched: a handful
  );
}

const PLACE_SQL = `INSERT INTO stats_place_month AS p (month, category, district, street, tickets, requesters, ids)
VALUES ($1::date, $2, $3, $4, $5::int, $6::int, CASE WHEN $5::int > 0 THEN ARRAY[$7::text] ELSE '{}'::text[] END)
ON CONFLICT (month, category, district, street) DO UPDATE SET
  tickets = p.tickets + EXCLUDED.tickets,
  requesters = p.requesters + EXCLUDED.requesters,
  ids = CASE WHEN EXCLUDED.tickets > 0 THEN array_append(p.ids, $7::text)
             WHEN EXCLUDED.tickets < 0 THEN array_remove(p.ids, $7::text) ELSE p.ids END`;

/** Adds (after − before) of one ticket to the aggregate tables. */
export async function applyContribution(tx: Queryable, ticketId: string, before: Before, after?: Now): Promise<void> {
  const now = after ?? (await contributionOf(tx, ticketId));
  await keep(tx, ticketId, before, now);
  const { unitDay, unitMonth, hotlineDay } = tables();
  const days = difference(
    before.units,
    now.units,
    unitDay.keys.map((k) => k.column),
    unitDay.counts,
  );
  const months = difference(
    [],
    days.map(({ day, ...r }) => ({ ...r, month: `${String(day).slice(0, 7)}-01` })),
    unitMonth.keys.map((k) => k.column),
    unitMonth.counts,
  );
  const hotline = difference(
    before.hotline,
    now.hotline,
    hotlineDay.keys.map((k) => k.column),
    hotlineDay.counts,
  );
  await upsert(tx, [
    [unitDay, days],
    [unitMonth, months],
    [hotlineDay, hotline],
  ]);
  if (now.clearance) await refreshClearance(tx, ticketId);
  // One row per ticket at most: the place it counts in, if it is not merged away.
  const placeKey = (r?: Row) => (r ? JSON.stringify([r.month, r.category, r.district, r.street]) : '');
  const [was, is] = [before.places[0], now.places[0]];
  if (placeKey(was) === placeKey(is)) {
    if (is && was && is.requesters !== was.requesters) await placeDelta(tx, is, 0, Number(is.requesters) - Number(was.requesters), ticketId);
    return;
  }
  const moves: [Row, number][] = [];
  if (was) moves.push([was, -1]);
  if (is) moves.push([is, 1]);
  moves.sort(([a], [b]) => (placeKey(a) < placeKey(b) ? -1 : 1));
  for (const [r, sign] of moves) await placeDelta(tx, r, sign, sign * Number(r.requesters), ticketId);
}

const placeDelta = (tx: Queryable, r: Row, tickets: number, requesters: number, id: string) =>
  tx.query(PLACE_SQL, [r.month, r.category, r.district, r.street, tickets, requesters, id], PREPARE);
