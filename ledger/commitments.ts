// The commitments register (承诺登记台账, seed 002 承诺事项要登记在册): one row per commitment of a
// signed-off reply, kept by its workflow, listed for the units that promised and for the hotline.
import type { CommitmentState, CommitmentStatus } from '../domain/commitment/model';
import type { Queryable } from './db';
import { storableText } from './redact';

// A unit writes the content; a citizen's number copied into it must not reach the ledger (the
// commitment does not carry the requesters, so any run of 7+ digits is masked).
const maskNumbers = (s: string) => s.replace(/\+?\d[\d\- ]{5,}\d/g, '***');

/** Idempotent upsert; a write older than the row (a retried activity) changes nothing. */
export async function recordCommitment(db: Queryable, c: CommitmentState): Promise<void> {
  const f = c.fulfilment;
  await db.query(
    `INSERT INTO commitments (id, ticket_id, number, unit, content, due_date, due_at, status, registered_at, registered_by,
                              reminded_at, overdue_at, fulfilled_at, fulfilled_by, fulfilment, fulfilled_on_time, version)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
     ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, reminded_at = EXCLUDED.reminded_at, overdue_at = EXCLUDED.overdue_at,
       fulfilled_at = EXCLUDED.fulfilled_at, fulfilled_by = EXCLUDED.fulfilled_by, fulfilment = EXCLUDED.fulfilment,
       fulfilled_on_time = EXCLUDED.fulfilled_on_time, version = EXCLUDED.version
     WHERE commitments.version < EXCLUDED.version`,
    [
      c.id,
      c.ticketId,
      c.number,
      c.unit,
      maskNumbers(storableText(c.content)),
      c.dueDate,
      c.dueAt,
      c.status,
      c.registeredAt,
      c.registeredBy,
      c.remindedAt ?? null,
      c.overdueAt ?? null,
      f?.at ?? null,
      f?.by ?? null,
      f ? maskNumbers(storableText(f.done)) : null,
      f?.onTime ?? null,
      c.history.length,
    ],
  );
}

export interface CommitmentRow {
  id: string;
  ticketId: string;
  number: number;
  unit: string;
  content: string;
  dueDate: string;
  dueAt: string;
  status: CommitmentStatus;
  registeredAt: string;
  remindedAt: string | null;
  overdueAt: string | null;
  fulfilledAt: string | null;
  fulfilledBy: string | null;
  fulfilment: string | null;
  fulfilledOnTime: boolean | null;
}

export interface CommitmentQuery {
  unit?: string;
  status?: CommitmentStatus;
  ticket?: string;
  limit: number;
  offset: number;
}

/** Soonest due first (what must be done next), then by id. */
export async function listCommitments(db: Queryable, q: CommitmentQuery): Promise<CommitmentRow[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  const param = (v: unknown) => `$${params.push(v)}`;
  if (q.unit !== undefined) where.push(`unit = ${param(q.unit)}`);
  if (q.status !== undefined) where.push(`status = ${param(q.status)}`);
  if (q.ticket !== undefined) where.push(`ticket_id = ${param(q.ticket)}`);
  type Raw = Omit<CommitmentRow, 'dueAt' | 'registeredAt' | 'remindedAt' | 'overdueAt' | 'fulfilledAt' | 'dueDate'> & {
    dueDate: string | Date;
    dueAt: Date;
    registeredAt: Date;
    remindedAt: Date | null;
    overdueAt: Date | null;
    fulfilledAt: Date | null;
  };
  const rows = await db.query<Raw>(
    `SELECT id, ticket_id AS "ticketId", number, unit, content, to_char(due_date, 'YYYY-MM-DD') AS "dueDate", due_at AS "dueAt", status,
            registered_at AS "registeredAt", reminded_at AS "remindedAt", overdue_at AS "overdueAt", fulfilled_at AS "fulfilledAt",
            fulfilled_by AS "fulfilledBy", fulfilment, fulfilled_on_time AS "fulfilledOnTime"
       FROM commitments ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY due_at, id LIMIT ${param(q.limit)} OFFSET ${param(q.offset)}`,
    params,
  );
  const when = (d: Date | null) => (d ? d.toISOString() : null);
  return rows.map((r) => ({
    ...r,
    dueDate: String(r.dueDate),
    dueAt: r.dueAt.toISOString(),
    registeredAt: r.registeredAt.toISOString(),
    remindedAt: when(r.remindedAt),
    overdueAt: when(r.overdueAt),
    fulfilledAt: when(r.fulfilledAt),
  }));
}
