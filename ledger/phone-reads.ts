// The log of full phone-number reads (个人信息保护法): who saw a citizen's number in full, in which
// role and unit, on which ticket, when, through which operation. It holds no number.
import type { Queryable } from './db';
import { assertDate } from './period';

export interface PhoneRead {
  at: string;
  ticketId: string;
  actorId: string;
  actorRole: string;
  actorUnit: string | null;
  /** Indexes into the ticket's requesters whose number was shown in full. */
  requesters: number[];
  via: string;
}

export async function recordPhoneRead(db: Queryable, r: PhoneRead): Promise<void> {
  await db.query(
    `INSERT INTO phone_reads (at, ticket_id, actor_id, actor_role, actor_unit, requesters, via)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7)`,
    [r.at, r.ticketId, r.actorId, r.actorRole, r.actorUnit, JSON.stringify(r.requesters), r.via],
  );
}

export interface PhoneReadQuery {
  ticket?: string;
  /** Beijing dates YYYY-MM-DD, both included. */
  from?: string;
  to?: string;
  limit: number;
  /** Rows before this id (the next page of a newest-first list). */
  before?: number;
}

/** Newest first; each row with its id, the cursor of the next page. */
export async function listPhoneReads(db: Queryable, q: PhoneReadQuery): Promise<(PhoneRead & { id: number })[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  const param = (v: unknown) => `$${params.push(v)}`;
  if (q.ticket !== undefined) where.push(`ticket_id = ${param(q.ticket)}`);
  // A Beijing date runs from 00:00 +08:00 to the next day's 00:00.
  if (q.from !== undefined) where.push(`at >= ${param(`${assertDate(q.from, 'from')}T00:00:00+08:00`)}::timestamptz`);
  if (q.to !== undefined) where.push(`at < ${param(`${assertDate(q.to, 'to')}T00:00:00+08:00`)}::timestamptz + interval '1 day'`);
  if (q.before !== undefined) where.push(`id < ${param(q.before)}`);
  const rows = await db.query<Omit<PhoneRead, 'at'> & { id: string; at: Date }>(
    `SELECT id, at, ticket_id AS "ticketId", actor_id AS "actorId", actor_role AS "actorRole", actor_unit AS "actorUnit", requesters, via
       FROM phone_reads ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY id DESC LIMIT ${param(q.limit)}`,
    params,
  );
  return rows.map((r) => ({ ...r, id: Number(r.id), at: r.at.toISOString() }));
}
