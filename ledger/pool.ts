// The ticket pool (工单池): open tickets from the ledger's per-ticket rows, ordered by the deadline
// that runs now (Temporal's dev-server visibility, SQLite, cannot order), filtered and paged.
// No personal data: the rows hold none (ledger/redact.ts) and the pool reads none of the request text.
import { terminalStatuses, TicketStatus } from '../domain/ticket';
import type { Queryable } from './db';

export interface PoolFilter {
  /** Only tickets this unit leads or co-handles (handlers and unit leaders: their own). */
  unit?: string;
  statuses?: TicketStatus[];
  category?: string;
  district?: string;
  /** What the request is (咨询/求助/投诉/举报/建议); `unknown`: tickets registered before it was asked. */
  requestType?: string;
  overdue?: boolean;
  /** Closed and other finished tickets too (default: open ones only). */
  includeClosed?: boolean;
  page: number;
  pageSize: number;
}

export interface PoolItem {
  id: string;
  status: TicketStatus;
  channel: string;
  category: string;
  district: string;
  street: string | null;
  requestType: string | null;
  leadUnit: string | null;
  coUnits: string[];
  urgent: boolean;
  overdue: boolean;
  escalationLevel: number;
  rehandles: number;
  registeredAt: string;
  /** The next joint consultation (联席会商) convened and not yet held (no outcome); null when none. */
  nextConsultationAt: string | null;
  /** Which deadline runs now (a key of the ticket's deadlines) and when it falls; null when none. */
  dueKind: string | null;
  dueAt: string | null;
}

/**
 * The deadline that runs in each status: what the people holding the ticket must meet next. A
 * handling ticket not yet contacted is due for its first contact (R4) before its reply.
 */
const DUE_KIND = `CASE
    WHEN status IN ('registered', 'returned') THEN 'dispatchBy'
    WHEN status = 'dispatched' THEN 'signBy'
    WHEN status = 'designating' THEN 'designateBy'
    WHEN status IN ('handling', 'rehandling') AND first_contact_at IS NULL AND deadlines ? 'firstContactBy'
         AND (deadlines->>'firstContactBy')::timestamptz < COALESCE((deadlines->>'replyBy')::timestamptz, 'infinity') THEN 'firstContactBy'
    WHEN status IN ('handling', 'rehandling', 'extension_requested', 'replied') THEN 'replyBy'
    WHEN status = 'follow_up' THEN 'followUpBy'
  END`;

export async function readPool(db: Queryable, f: PoolFilter): Promise<{ items: PoolItem[]; total: number }> {
  const params: unknown[] = [];
  const p = (v: unknown) => (params.push(v), `$${params.length}`);
  const where: string[] = [];
  if (!f.includeClosed) where.push(`status <> ALL(${p(terminalStatuses)}::text[])`);
  if (f.statuses?.length) where.push(`status = ANY(${p(f.statuses)}::text[])`);
  if (f.unit) where.push(`(lead_unit = ${p(f.unit)} OR co_units ? ${p(f.unit)})`);
  if (f.category) where.push(`category = ${p(f.category)}`);
  if (f.district) where.push(`district = ${p(f.district)}`);
  if (f.requestType) where.push(f.requestType === 'unknown' ? 'request_type IS NULL' : `request_type = ${p(f.requestType)}`);
  if (f.overdue !== undefined) where.push(`overdue = ${p(f.overdue)}`);
  const sql = `
    WITH due AS (
      SELECT id, status, channel, category, district, street, request_type AS "requestType", lead_unit AS "leadUnit", co_units AS "coUnits", urgent,
             overdue, rehandles, registered_at AS "registeredAt",
             COALESCE((state->'flags'->>'escalationLevel')::int, 0) AS "escalationLevel", ${DUE_KIND} AS "dueKind", deadlines,
             (SELECT min((c->>'at')::timestamptz) FROM jsonb_array_elements(COALESCE(state->'consultations', '[]'::jsonb)) c
               WHERE c->'outcome' IS NULL) AS "nextConsultationAt"
        FROM ticket_summaries
       ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
    )
    SELECT *, (deadlines->>"dueKind")::timestamptz AS "dueAt", count(*) OVER () AS total
      FROM due
     ORDER BY "dueAt" ASC NULLS LAST, "registeredAt" ASC, id ASC
     LIMIT ${p(f.pageSize)} OFFSET ${p((f.page - 1) * f.pageSize)}`;
  const rows = await db.query<Row>(sql, params);
  const total = rows.length ? Number(rows[0]!.total) : f.page > 1 ? await count(db, where, params.slice(0, -2)) : 0;
  return { items: rows.map(toItem), total };
}

type Row = Omit<PoolItem, 'registeredAt' | 'dueAt' | 'nextConsultationAt'> & {
  registeredAt: Date;
  dueAt: Date | null;
  nextConsultationAt: Date | null;
  deadlines: unknown;
  total: string | number;
};

const toItem = ({ deadlines: _d, total: _t, registeredAt, dueAt, dueKind, nextConsultationAt, ...r }: Row): PoolItem => ({
  ...r,
  registeredAt: registeredAt.toISOString(),
  nextConsultationAt: nextConsultationAt ? new Date(nextConsultationAt).toISOString() : null,
  dueKind: dueAt ? dueKind : null,
  dueAt: dueAt ? dueAt.toISOString() : null,
});

/** The total when the page asked for lies past the end. */
async function count(db: Queryable, where: string[], params: unknown[]): Promise<number> {
  const rows = await db.query<{ n: string | number }>(
    `SELECT count(*) AS n FROM ticket_summaries ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`,
    params,
  );
  return Number(rows[0]?.n ?? 0);
}
