// The ledger's side of pattern escalation (提级督办, seed 004): the callers' pseudonyms of every
// ticket (一人多诉 is found by counting them), the patterns each ticket was escalated for, and the
// supervision list the API serves. No phone number is stored or returned, nor any pseudonym.
import type { SupervisionReason, TicketState } from '../domain/ticket';
import { PREPARE, type Queryable } from './db';
import { phonePseudonym } from './pseudonym';

export interface CallerRow {
  requester: number;
  pseudonym: string;
}

/** The pseudonyms of the requesters who opened this ticket (merged ones have their own ticket). */
export function callerRows(t: TicketState, secret: string): CallerRow[] {
  return t.requesters.flatMap((r, requester) => {
    const pseudonym = !r.fromTicket && r.phone ? phonePseudonym(secret, r.phone) : undefined;
    return pseudonym ? [{ requester, pseudonym }] : [];
  });
}

/** Writes the callers' pseudonyms and the supervision marks of a (redacted) state; idempotent. */
export async function recordSupervision(tx: Queryable, t: TicketState, callers: CallerRow[]): Promise<void> {
  for (const c of callers) {
    await tx.query(
      `INSERT INTO ticket_callers (ticket_id, requester, pseudonym, registered_at) VALUES ($1, $2, $3, $4::timestamptz)
       ON CONFLICT (ticket_id, requester) DO NOTHING`,
      [t.id, c.requester, c.pseudonym, t.registeredAt],
      PREPARE,
    );
  }
  for (const [i, m] of (t.supervision?.reasons ?? []).entries()) {
    await tx.query(
      `INSERT INTO ticket_supervision (ticket_id, reason, at, detail, level) VALUES ($1, $2, $3::timestamptz, $4, $5)
       ON CONFLICT (ticket_id, reason) DO NOTHING`,
      [t.id, m.reason, m.at, m.detail, i + 1],
      PREPARE,
    );
  }
}

export interface CallerQuery {
  ticketId: string;
  phones: string[];
  registeredAt: string;
  withinDays: number;
}

/** 一人多诉: tickets opened by any of these callers in the `withinDays` days up to this one, this one included. */
export async function countCallerTickets(db: Queryable, secret: string, q: CallerQuery): Promise<number> {
  const pseudonyms = [...new Set(q.phones.flatMap((p) => phonePseudonym(secret, p) ?? []))];
  if (pseudonyms.length === 0) return 1;
  const [row] = await db.query<{ n: number }>(
    `SELECT count(DISTINCT ticket_id)::int AS n FROM ticket_callers
      WHERE pseudonym = ANY($1::text[]) AND ticket_id <> $2
        AND registered_at > $3::timestamptz - make_interval(days => $4::int) AND registered_at <= $3::timestamptz`,
    [pseudonyms, q.ticketId, q.registeredAt, q.withinDays],
  );
  return (row?.n ?? 0) + 1;
}

export interface SupervisedTicket {
  ticketId: string;
  category: string;
  district: string;
  street: string | null;
  leadUnit: string | null;
  status: string;
  registeredAt: string;
  /** 提级督办 level: one per pattern. */
  level: number;
  /** When it was first escalated. */
  escalatedAt: string;
  reasons: { reason: SupervisionReason; at: string; detail: string }[];
}

/** The supervision list: escalated tickets, latest escalation first; `reason`: those escalated for it. */
export async function listSupervised(db: Queryable, q: { reason?: SupervisionReason; limit: number; offset: number }): Promise<SupervisedTicket[]> {
  const params: unknown[] = [q.limit, q.offset];
  const filter = q.reason ? `WHERE v.ticket_id IN (SELECT ticket_id FROM ticket_supervision WHERE reason = $${params.push(q.reason)})` : '';
  const rows = await db.query<{
    id: string;
    category: string;
    district: string;
    street: string | null;
    lead_unit: string | null;
    status: string;
    registered_at: Date;
    level: number;
    escalated_at: Date;
    latest: Date;
    reasons: { reason: SupervisionReason; at: string; detail: string }[];
  }>(
    `SELECT s.id, s.category, s.district, s.street, s.lead_unit, s.status, s.registered_at,
            max(v.level)::int AS level, min(v.at) AS escalated_at, max(v.at) AS latest,
            jsonb_agg(jsonb_build_object('reason', v.reason, 'at', v.at, 'detail', v.detail) ORDER BY v.at, v.reason) AS reasons
       FROM ticket_supervision v JOIN ticket_summaries s ON s.id = v.ticket_id
       ${filter}
      GROUP BY s.id
      ORDER BY latest DESC, s.id
      LIMIT $1 OFFSET $2`,
    params,
  );
  return rows.map((r) => ({
    ticketId: r.id,
    category: r.category,
    district: r.district,
    street: r.street,
    leadUnit: r.lead_unit,
    status: r.status,
    registeredAt: r.registered_at.toISOString(),
    level: r.level,
    escalatedAt: r.escalated_at.toISOString(),
    reasons: r.reasons.map((m) => ({ ...m, at: new Date(m.at).toISOString() })),
  }));
}
