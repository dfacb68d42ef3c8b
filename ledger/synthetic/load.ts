// Writes synthetic days into the ledger in bulk: one INSERT … SELECT FROM unnest(arrays) per table
// and batch (the same on PGlite and PostgreSQL; no row-by-row recording, no Temporal), then
// rebuilds the statistics aggregates from the raw rows.
import type { LedgerDb, Queryable } from '../db';
import { rebuildAggregates } from '../aggregate-rebuild';
import type { City } from './city';
import { AssignmentRow, DayRows, EventRow, SummaryRow, syntheticDay } from './tickets';

type Columns<R> = [keyof R & string, string][];

const summaryColumns: Columns<SummaryRow> = [
  ['id', 'text'],
  ['channel', 'text'],
  ['category', 'text'],
  ['district', 'text'],
  ['street', 'text'],
  ['lead_unit', 'text'],
  ['status', 'text'],
  ['registered_at', 'timestamptz'],
  ['registered_date', 'date'],
  ['dispatched_at', 'timestamptz'],
  ['signed_at', 'timestamptz'],
  ['first_contact_at', 'timestamptz'],
  ['replied_at', 'timestamptz'],
  ['closed_at', 'timestamptz'],
  ['overdue', 'boolean'],
  ['dispatches', 'integer'],
  ['returns', 'integer'],
  ['transfers', 'integer'],
  ['rehandles', 'integer'],
  ['reply_on_time', 'boolean'],
  ['satisfaction', 'text'],
  ['resolved', 'boolean'],
  ['closure', 'text'],
  ['requesters', 'integer'],
  ['request_type', 'text'],
  ['citizen_kind', 'text'],
  ['dispatch_by', 'timestamptz'],
  ['dispatch_overdue', 'boolean'],
  ['state', 'jsonb'],
  ['last_seq', 'integer'],
];
// Columns the synthetic tickets all share.
const summaryConstants = {
  co_units: "'[]'::jsonb",
  deadlines: "'{}'::jsonb",
  designated: 'false',
  provincial: 'false',
  jsbl: 'false',
  urgent: 'false',
  urges: '0',
};

const assignmentColumns: Columns<AssignmentRow> = [
  ['ticket_id', 'text'],
  ['dispatch_no', 'integer'],
  ['unit', 'text'],
  ['dispatched_at', 'timestamptz'],
  ['dispatched_date', 'date'],
  ['sign_by', 'timestamptz'],
  ['signed_at', 'timestamptz'],
  ['sign_overdue', 'boolean'],
  ['first_contact_by', 'timestamptz'],
  ['first_contact_at', 'timestamptz'],
  ['contact_overdue', 'boolean'],
  ['reply_by', 'timestamptz'],
  ['replied_at', 'timestamptz'],
  ['reply_on_time', 'boolean'],
  ['overdue', 'boolean'],
  ['rehandles_start', 'integer'],
  ['rehandles_end', 'integer'],
  ['status', 'text'],
  ['closed_at', 'timestamptz'],
  ['closure', 'text'],
  ['satisfaction', 'text'],
  ['resolved', 'boolean'],
  ['ended', 'text'],
  ['ended_at', 'timestamptz'],
  ['last_seq', 'integer'],
];
const assignmentConstants = { designated: 'false' };

const eventColumns: Columns<EventRow> = [
  ['ticket_id', 'text'],
  ['seq', 'integer'],
  ['at', 'timestamptz'],
  ['action', 'text'],
  ['actor_unit', 'text'],
  ['status', 'text'],
];
const eventConstants = {
  via: "'update'",
  actor_id: "'synthetic'",
  actor_role: "'unit_leader'",
  unit: 'actor_unit',
  exact: 'true',
  facts: "'{}'::jsonb",
};

async function insert<R>(tx: Queryable, table: string, columns: Columns<R>, constants: Record<string, string>, rows: R[]): Promise<void> {
  if (!rows.length) return;
  // jsonb travels as text in the arrays (pg has no jsonb[] literal from JS), cast back per row.
  const arrays = columns.map(([c]) => rows.map((row) => row[c as keyof R] as unknown));
  const args = columns.map(([, type], i) => `$${i + 1}::${type === 'jsonb' ? 'text' : type}[]`);
  const select = columns.map(([c, type]) => (type === 'jsonb' ? `${c}::jsonb` : c));
  const constSelect = Object.values(constants);
  await tx.query(
    `INSERT INTO ${table} (${[...columns.map(([c]) => c), ...Object.keys(constants)].join(', ')})
     SELECT ${[...select, ...constSelect].join(', ')} FROM unnest(${args.join(', ')}) AS u(${columns.map(([c]) => c).join(', ')})`,
    arrays,
  );
}

export interface SyntheticOptions {
  perDay: number;
  days: number;
  /** First Beijing date. */
  from: string;
  seed: number;
  /** The instant the history stops (tickets after it are open); default: the end of the last day. */
  now?: number;
  /** Progress, after each day. */
  onDay?: (date: string, tickets: number) => void;
}

const addDays = (d: string, n: number) => new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const BATCH = 5_000;

/** Loads `days` days of `perDay` tickets from `from`; resolves to the number of tickets written. */
export async function loadSynthetic(db: LedgerDb, city: City, o: SyntheticOptions): Promise<number> {
  const now = o.now ?? Date.parse(`${addDays(o.from, o.days)}T00:00:00+08:00`);
  let total = 0;
  for (let i = 0; i < o.days; i++) {
    const date = addDays(o.from, i);
    const rows: DayRows = syntheticDay(city, date, o.perDay, o.seed, now);
    await db.transaction(async (tx) => {
      for (let k = 0; k < rows.summaries.length; k += BATCH)
        await insert(tx, 'ticket_summaries', summaryColumns, summaryConstants, rows.summaries.slice(k, k + BATCH));
      for (let k = 0; k < rows.assignments.length; k += BATCH)
        await insert(tx, 'ticket_assignments', assignmentColumns, assignmentConstants, rows.assignments.slice(k, k + BATCH));
      for (let k = 0; k < rows.events.length; k += BATCH)
        await insert(tx, 'ticket_events', eventColumns, eventConstants, rows.events.slice(k, k + BATCH));
    });
    total += rows.summaries.length;
    o.onDay?.(date, rows.summaries.length);
  }
  await rebuildStatistics(db);
  return total;
}

/** Every derived table the statistics read, rebuilt from the raw rows in one transaction. */
export async function rebuildStatistics(db: LedgerDb): Promise<void> {
  await db.transaction(async (tx) => {
    await rebuildAggregates(tx);
  });
}
