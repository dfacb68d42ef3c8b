// GeoReport v2 `GET requests` from the ledger: the tickets' stored states (citizens' names and
// phones already removed), filtered by registration time, category and open/closed, newest first.
import { terminalStatuses, TicketState } from '../domain/ticket';
import type { Queryable } from './db';

export interface Open311RequestQuery {
  ids?: string[];
  categories?: string[];
  from?: Date;
  to?: Date;
  /** open: not in a terminal status; closed: in one. */
  status?: 'open' | 'closed';
  limit: number;
}

export async function listOpen311Requests(db: Queryable, q: Open311RequestQuery): Promise<TicketState[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  const param = (v: unknown) => `$${params.push(v)}`;
  if (q.ids) where.push(`id = ANY(${param(q.ids)}::text[])`);
  else {
    if (q.categories) where.push(`category = ANY(${param(q.categories)}::text[])`);
    if (q.from) where.push(`registered_at >= ${param(q.from.toISOString())}::timestamptz`);
    if (q.to) where.push(`registered_at <= ${param(q.to.toISOString())}::timestamptz`);
    if (q.status) where.push(`${q.status === 'closed' ? '' : 'NOT '}(status = ANY(${param([...terminalStatuses])}::text[]))`);
  }
  const rows = await db.query<{ state: TicketState }>(
    `SELECT state FROM ticket_summaries ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY registered_at DESC, id LIMIT ${param(q.limit)}`,
    params,
  );
  return rows.map((r) => r.state);
}
