// The ledger's copy of a ticket: what GET /api/v1/tickets/{id} serves once the workflow is gone
// (past Temporal's retention). Citizens' phone numbers and names are not in it.
import type { AuditEntry, Role, TicketState, TicketStatus } from '../domain/ticket';
import type { Queryable } from './db';

export async function readTicket(db: Queryable, id: string): Promise<TicketState | undefined> {
  const rows = await db.query<{ state: TicketState }>('SELECT state FROM ticket_summaries WHERE id = $1', [id]);
  const state = rows[0]?.state;
  if (!state) return undefined;
  // Each write carries only the entries since the previous one: the trail is the events table's.
  return { ...state, history: await readTrail(db, id) };
}

/** The ticket's audit trail as the ledger has it (notes redacted), entries before `beforeSeq` when given. */
export async function readTrail(db: Queryable, id: string, beforeSeq = Infinity): Promise<AuditEntry[]> {
  const events = (await readEvents(db, id)).filter((e) => e.seq < beforeSeq);
  return events.map((e): AuditEntry => ({
    seq: e.seq,
    at: e.at,
    action: e.action,
    actor: { id: e.actorId, role: e.actorRole as Role, ...(e.actorUnit ? { unit: e.actorUnit } : {}) },
    via: e.via as AuditEntry['via'],
    status: e.status as TicketStatus,
    ...(e.note !== null ? { note: e.note } : {}),
    ...(e.rejected ? { rejected: e.rejectedReason ?? '' } : {}),
  }));
}

/** The stored audit trail of a ticket, oldest first (for a history view of an archived ticket). */
export interface LedgerEvent {
  seq: number;
  at: string;
  action: string;
  via: string;
  actorId: string;
  actorRole: string;
  actorUnit: string | null;
  unit: string | null;
  status: string;
  rejected: boolean;
  rejectedReason: string | null;
  note: string | null;
}

export async function readEvents(db: Queryable, id: string): Promise<LedgerEvent[]> {
  const rows = await db.query<Omit<LedgerEvent, 'at'> & { at: Date }>(
    `SELECT seq, at, action, via, actor_id AS "actorId", actor_role AS "actorRole", actor_unit AS "actorUnit",
            unit, status, rejected, rejected_reason AS "rejectedReason", note
       FROM ticket_events WHERE ticket_id = $1 ORDER BY seq`,
    [id],
  );
  return rows.map((r) => ({ ...r, at: r.at.toISOString() }));
}
