// recordTicket: brings the ledger up to date with one TicketState, in one transaction.
//  - ticket_events: every audit entry not stored yet (INSERT … ON CONFLICT DO NOTHING);
//  - ticket_summaries: the current row, replaced only by a state with a higher last seq;
//  - ticket_assignments: the current dispatch's facts, and how earlier dispatches ended.
// Recording the same state twice changes nothing. States may also arrive out of order (retries,
// concurrent activities): an older state never overrides a newer one, it only fills in what only it
// knows, so every table ends up as if the states had been recorded in order.
// Citizens' phone numbers and names are removed before anything is written (ledger/redact.ts).
import type { AuditEntry, TicketState } from '../domain/ticket';
import { applyContribution, contributionBefore } from './aggregate-write';
import { LedgerDb, PREPARE, Queryable, TICKET_LOCK_SPACE } from './db';
import { assignmentRow, summaryRow } from './facts';
import { redactState } from './redact';
import { callerRows, recordSupervision } from './supervision';

export interface RecordResult {
  /** seq of the audit entries written now (empty when all were stored already). */
  appended: number[];
  /** Whether the summary row was inserted or replaced. */
  summaryUpdated: boolean;
}

export interface RecordOptions {
  /** HOTLINE_PSEUDONYM_SECRET (or the dev secret): the callers' keyed pseudonyms are kept (一人多诉); without it, none. */
  pseudonymSecret?: string;
  /** false: leaves the statistics aggregates as they are (only `npm run bench -- --only ledger-write`, to measure what keeping them costs). */
  aggregates?: boolean;
}

export async function recordTicket(db: LedgerDb, state: TicketState, opts: RecordOptions = {}): Promise<RecordResult> {
  // Taken before the redaction removes the phones: the pseudonyms survive it, the numbers do not.
  const callers = opts.pseudonymSecret ? callerRows(state, opts.pseudonymSecret) : [];
  const t = redactState(state);
  return db.transaction(async (tx) => {
    // Serialises concurrent recordings of one ticket (retries overlapping a newer call).
    await tx.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [TICKET_LOCK_SPACE, t.id], PREPARE);
    const statsBefore = opts.aggregates === false ? undefined : await contributionBefore(tx, t.id);
    const appended = await appendEvents(tx, t);
    const summaryUpdated = await upsertSummary(tx, t);
    await upsertAssignment(tx, t);
    await endAssignments(tx, t);
    await recordSupervision(tx, t, callers);
    if (statsBefore) await applyContribution(tx, t.id, statsBefore);
    return { appended, summaryUpdated };
  });
}

const facts = (t: TicketState) =>
  JSON.stringify({
    ...t.counters,
    overdue: t.flags.overdue,
    escalationLevel: t.flags.escalationLevel,
    coUnits: t.coUnits,
  });

const EVENT_COLUMNS = [
  'ticket_id',
  'seq',
  'at',
  'action',
  'via',
  'actor_id',
  'actor_role',
  'actor_unit',
  'unit',
  'status',
  'exact',
  'rejected',
  'rejected_reason',
  'note',
  'facts',
] as const;
const EVENT_CASTS: Record<string, string> = { at: '::timestamptz', facts: '::jsonb' };
const BATCH = 200;

/**
 * Appends the entries not stored yet. The lead unit and facts after an entry are known exactly only
 * from the state that ends with it; entries first stored by a later state (states arriving out of
 * order) carry that state's values, marked inexact, and are corrected when their own state arrives.
 */
async function appendEvents(tx: Queryable, t: TicketState): Promise<number[]> {
  const stored = new Map(
    (await tx.query<{ seq: number; exact: boolean }>('SELECT seq, exact FROM ticket_events WHERE ticket_id = $1', [t.id], PREPARE)).map((r) => [
      r.seq,
      r.exact,
    ]),
  );
  const last = t.history.at(-1)?.seq;
  const missing = t.history.filter((e) => !stored.has(e.seq));
  const appended: number[] = [];
  const f = facts(t);
  const unit = t.leadUnit ?? null;
  for (let i = 0; i < missing.length; i += BATCH) {
    const rows = missing
      .slice(i, i + BATCH)
      .map((e: AuditEntry) => [
        t.id,
        e.seq,
        e.at,
        e.action,
        e.via,
        e.actor.id,
        e.actor.role,
        e.actor.unit ?? null,
        unit,
        e.status,
        e.seq === last,
        e.rejected !== undefined,
        e.rejected ?? null,
        e.note ?? null,
        f,
      ]);
    const params: unknown[] = [];
    const values = rows.map((row) => {
      const slots = row.map((v, j) => {
        params.push(v);
        return `$${params.length}${EVENT_CASTS[EVENT_COLUMNS[j]] ?? ''}`;
      });
      return `(${slots.join(', ')})`;
    });
    const res = await tx.query<{ seq: number }>(
      `INSERT INTO ticket_events (${EVENT_COLUMNS.join(', ')}) VALUES ${values.join(', ')}
       ON CONFLICT (ticket_id, seq) DO NOTHING RETURNING seq`,
      params,
      // A write usually appends one to three entries: a few texts, each prepared once.
      rows.length <= 4 ? PREPARE : undefined,
    );
    appended.push(...res.map((r) => r.seq));
  }
  if (last !== undefined && stored.get(last) === false) {
    await tx.query('UPDATE ticket_events SET unit = $3, facts = $4::jsonb, exact = true WHERE ticket_id = $1 AND seq = $2 AND NOT exact', [
      t.id,
      last,
      unit,
      f,
    ]);
  }
  return appended.sort((a, b) => a - b);
}

async function upsertSummary(tx: Queryable, t: TicketState): Promise<boolean> {
  const s = summaryRow(t);
  const cols: [string, unknown, string?][] = [
    ['id', s.id],
    ['channel', s.channel],
    ['category', s.category],
    ['district', s.district],
    ['street', s.street],
    ['lead_unit', s.leadUnit],
    ['co_units', JSON.stringify(s.coUnits), 'jsonb'],
    ['status', s.status],
    ['registered_at', s.registeredAt, 'timestamptz'],
    ['registered_date', s.registeredDate, 'date'],
    ['dispatched_at', s.dispatchedAt, 'timestamptz'],
    ['signed_at', s.signedAt, 'timestamptz'],
    ['first_contact_at', s.firstContactAt, 'timestamptz'],
    ['replied_at', s.repliedAt, 'timestamptz'],
    ['closed_at', s.closedAt, 'timestamptz'],
    ['deadlines', JSON.stringify(s.deadlines), 'jsonb'],
    ['overdue', s.overdue],
    ['designated', s.designated],
    ['provincial', s.provincial],
    ['jsbl', s.jsbl],
    ['urgent', s.urgent],
    ['dispatches', s.dispatches],
    ['returns', s.returns],
    ['transfers', s.transfers],
    ['rehandles', s.rehandles],
    ['urges', s.urges],
    ['reply_on_time', s.replyOnTime],
    ['satisfaction', s.satisfaction],
    ['resolved', s.resolved],
    ['follow_up', s.followUp ? JSON.stringify(s.followUp) : null, 'jsonb'],
    ['closure', s.closure],
    ['requesters', s.requesters],
    ['request_type', s.requestType],
    ['citizen_kind', s.citizenKind],
    ['dispatch_by', s.dispatchBy, 'timestamptz'],
    ['dispatch_overdue', s.dispatchOverdue],
    ['state', JSON.stringify(t), 'jsonb'],
    ['last_seq', s.lastSeq],
  ];
  const names = cols.map((c) => c[0]);
  const res = await tx.query(
    `INSERT INTO ticket_summaries (${names.join(', ')})
     VALUES (${cols.map((c, i) => `$${i + 1}${c[2] ? `::${c[2]}` : ''}`).join(', ')})
     ON CONFLICT (id) DO UPDATE SET
       ${names
         .filter((n) => n !== 'id')
         .map((n) => `${n} = EXCLUDED.${n}`)
         .join(', ')}, updated_at = now()
     WHERE ticket_summaries.last_seq < EXCLUDED.last_seq
     RETURNING id`,
    cols.map((c) => c[1]),
    PREPARE,
  );
  return res.length === 1;
}

async function upsertAssignment(tx: Queryable, t: TicketState): Promise<void> {
  const a = assignmentRow(t);
  if (!a) return;
  await tx.query(
    `INSERT INTO ticket_assignments AS ta (
       ticket_id, dispatch_no, unit, dispatched_at, dispatched_date, designated, sign_by, signed_at, sign_overdue,
       first_contact_by, first_contact_at, contact_overdue, reply_by, replied_at, reply_on_time, overdue,
       rehandles_start, rehandles_end, status, closed_at, closure, satisfaction, resolved, last_seq)
     VALUES ($1, $2, $3, $4::timestamptz, $5::date, $6, $7::timestamptz, $8::timestamptz, $9,
       $10::timestamptz, $11::timestamptz, $12, $13::timestamptz, $14::timestamptz, $15, $16,
       $17, $17, $18, $19::timestamptz, $20, $21, $22, $23)
     ON CONFLICT (ticket_id, dispatch_no) DO UPDATE SET
       -- States may arrive in any order (retries): every column converges to the in-order result.
       -- Fixed for the whole dispatch: the first value seen.
       sign_by          = COALESCE(ta.sign_by, EXCLUDED.sign_by),
       signed_at        = COALESCE(ta.signed_at, EXCLUDED.signed_at),
       -- Once true, true.
       sign_overdue     = ta.sign_overdue OR EXCLUDED.sign_overdue,
       overdue          = ta.overdue OR EXCLUDED.overdue,
       -- The response figure judges the first round of handling: values of the lowest re-handle round.
       first_contact_by = CASE WHEN EXCLUDED.rehandles_start < ta.rehandles_start THEN EXCLUDED.first_contact_by
                               WHEN EXCLUDED.rehandles_start = ta.rehandles_start THEN COALESCE(ta.first_contact_by, EXCLUDED.first_contact_by)
                               ELSE ta.first_contact_by END,
       first_contact_at = CASE WHEN EXCLUDED.rehandles_start < ta.rehandles_start THEN EXCLUDED.first_contact_at
                               WHEN EXCLUDED.rehandles_start = ta.rehandles_start THEN COALESCE(ta.first_contact_at, EXCLUDED.first_contact_at)
                               ELSE ta.first_contact_at END,
       contact_overdue  = CASE WHEN EXCLUDED.rehandles_start < ta.rehandles_start THEN EXCLUDED.contact_overdue
                               WHEN EXCLUDED.rehandles_start = ta.rehandles_start THEN ta.contact_overdue OR EXCLUDED.contact_overdue
                               ELSE ta.contact_overdue END,
       rehandles_start  = LEAST(ta.rehandles_start, EXCLUDED.rehandles_start),
       rehandles_end    = GREATEST(ta.rehandles_end, EXCLUDED.rehandles_end),
       -- The latest reply: from the newer state, else kept (an older state only fills a gap).
       reply_by         = CASE WHEN ta.last_seq < EXCLUDED.last_seq THEN COALESCE(EXCLUDED.reply_by, ta.reply_by) ELSE COALESCE(ta.reply_by, EXCLUDED.reply_by) END,
       replied_at       = CASE WHEN ta.last_seq < EXCLUDED.last_seq THEN COALESCE(EXCLUDED.replied_at, ta.replied_at) ELSE COALESCE(ta.replied_at, EXCLUDED.replied_at) END,
       reply_on_time    = CASE WHEN ta.last_seq < EXCLUDED.last_seq THEN COALESCE(EXCLUDED.reply_on_time, ta.reply_on_time) ELSE COALESCE(ta.reply_on_time, EXCLUDED.reply_on_time) END,
       -- Where the ticket stands: from the newest state.
       designated       = CASE WHEN ta.last_seq < EXCLUDED.last_seq THEN EXCLUDED.designated ELSE ta.designated END,
       status           = CASE WHEN ta.last_seq < EXCLUDED.last_seq THEN EXCLUDED.status ELSE ta.status END,
       closed_at        = CASE WHEN ta.last_seq < EXCLUDED.last_seq THEN EXCLUDED.closed_at ELSE ta.closed_at END,
       closure          = CASE WHEN ta.last_seq < EXCLUDED.last_seq THEN EXCLUDED.closure ELSE ta.closure END,
       satisfaction     = CASE WHEN ta.last_seq < EXCLUDED.last_seq THEN EXCLUDED.satisfaction ELSE ta.satisfaction END,
       resolved         = CASE WHEN ta.last_seq < EXCLUDED.last_seq THEN EXCLUDED.resolved ELSE ta.resolved END,
       last_seq         = GREATEST(ta.last_seq, EXCLUDED.last_seq)
`,
    [
      a.ticketId,
      a.dispatchNo,
      a.unit,
      a.dispatchedAt,
      a.dispatchedDate,
      a.designated,
      a.signBy,
      a.signedAt,
      a.signOverdue,
      a.firstContactBy,
      a.firstContactAt,
      a.contactOverdue,
      a.replyBy,
      a.repliedAt,
      a.replyOnTime,
      a.overdue,
      a.rehandles,
      a.status,
      a.closedAt,
      a.closure,
      a.satisfaction,
      a.resolved,
      a.lastSeq,
    ],
    PREPARE,
  );
}

/**
 * How each dispatch ended, from the stored audit trail: 'returned' when its unit returned the ticket
 * (a 'return' entry by that unit between this dispatch and the next), 'reassigned' when a later
 * dispatch moved it elsewhere (转办, 定责, 会商定责) without a return. Works whatever order states
 * arrive in; an ending once stored is never changed.
 */
async function endAssignments(tx: Queryable, t: TicketState): Promise<void> {
  const rows = await tx.query<{ dispatch_no: number; unit: string; dispatched_at: Date }>(
    'SELECT dispatch_no, unit, dispatched_at FROM ticket_assignments WHERE ticket_id = $1 AND ended IS NULL ORDER BY dispatch_no',
    [t.id],
    PREPARE,
  );
  if (rows.length === 0) return;
  const later = await tx.query<{ dispatch_no: number; dispatched_at: Date }>(
    'SELECT dispatch_no, dispatched_at FROM ticket_assignments WHERE ticket_id = $1 ORDER BY dispatch_no',
    [t.id],
    PREPARE,
  );
  const returns = await tx.query<{ at: Date; actor_unit: string | null }>(
    "SELECT at, actor_unit FROM ticket_events WHERE ticket_id = $1 AND action = 'return' AND NOT rejected ORDER BY seq",
    [t.id],
    PREPARE,
  );
  const current = t.counters.dispatches;
  for (const row of rows) {
    const start = row.dispatched_at.getTime();
    const nextRow = later.find((r) => r.dispatch_no > row.dispatch_no);
    // The next dispatch's time bounds this one; when that row is missing, the state's own dispatch does.
    const next = nextRow?.dispatched_at.getTime() ?? (row.dispatch_no < current && t.dispatchedAt ? Date.parse(t.dispatchedAt) : Infinity);
    const ret = returns.find((e) => e.actor_unit === row.unit && e.at.getTime() >= start && e.at.getTime() <= next);
    let ended: ['returned' | 'reassigned', string] | undefined;
    if (ret) ended = ['returned', ret.at.toISOString()];
    else if ((nextRow || row.dispatch_no < current) && Number.isFinite(next)) ended = ['reassigned', new Date(next).toISOString()];
    if (!ended) continue;
    await tx.query(
      'UPDATE ticket_assignments SET ended = $3, ended_at = $4::timestamptz WHERE ticket_id = $1 AND dispatch_no = $2 AND ended IS NULL',
      [t.id, row.dispatch_no, ended[0], ended[1]],
      PREPARE,
    );
  }
}
