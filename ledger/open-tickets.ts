// Open tickets per status, and how many of them have missed a deadline (the `overdue` flag the
// ledger keeps per ticket, as the pool's filter reads it): the figures /metrics exposes. One
// grouped count over the per-ticket rows (a dozen statuses), cheap enough to run at every scrape.
import { terminalStatuses } from '../domain/ticket';
import type { Queryable } from './db';

export interface OpenTicketCount {
  status: string;
  open: number;
  overdue: number;
}

export async function countOpenTickets(db: Queryable): Promise<OpenTicketCount[]> {
  const rows = await db.query<{ status: string; open: string | number; overdue: string | number }>(
    `SELECT status, count(*) AS open, count(*) FILTER (WHERE overdue) AS overdue
       FROM ticket_summaries WHERE status <> ALL($1::text[]) GROUP BY status ORDER BY status`,
    [terminalStatuses],
  );
  return rows.map((r) => ({ status: r.status, open: Number(r.open), overdue: Number(r.overdue) }));
}
