// Temporary notices (临时公告, seed 002: 水、电、暖、燃气及道路封闭等影响市民生活的临时性信息要在系统内提前发布公告):
// an outage or closure in an area for a time. A notice expires by itself: past `ends_at` no query
// finds it active, no job has to run.
import type { Queryable } from './db';
import { storableText } from './redact';

export interface NoticeArea {
  district: string;
  street?: string;
  community?: string;
}

export interface NoticeContent {
  category: string;
  area: NoticeArea;
  from: string;
  until: string;
  text: string;
}

export interface NoticeRow extends NoticeContent {
  id: string;
  unit: string | null;
  createdAt: string;
  createdBy: string;
  withdrawnAt: string | null;
  withdrawnBy: string | null;
}

const COLUMNS = `id, category, district, street, community, starts_at, ends_at, text, unit, created_at, created_by, withdrawn_at, withdrawn_by`;
interface Raw {
  id: string;
  category: string;
  district: string;
  street: string | null;
  community: string | null;
  starts_at: Date;
  ends_at: Date;
  text: string;
  unit: string | null;
  created_at: Date;
  created_by: string;
  withdrawn_at: Date | null;
  withdrawn_by: string | null;
}
const row = (r: Raw): NoticeRow => ({
  id: r.id,
  category: r.category,
  area: { district: r.district, ...(r.street ? { street: r.street } : {}), ...(r.community ? { community: r.community } : {}) },
  from: r.starts_at.toISOString(),
  until: r.ends_at.toISOString(),
  text: r.text,
  unit: r.unit,
  createdAt: r.created_at.toISOString(),
  createdBy: r.created_by,
  withdrawnAt: r.withdrawn_at?.toISOString() ?? null,
  withdrawnBy: r.withdrawn_by,
});

export async function createNotice(db: Queryable, n: NoticeContent, unit: string | undefined, at: Date, by: string): Promise<NoticeRow> {
  const rows = await db.query<Raw>(
    `INSERT INTO notices (id, category, district, street, community, starts_at, ends_at, text, unit, created_at, created_by)
     VALUES ('NT' || lpad(nextval('notice_seq')::text, 6, '0'), $1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING ${COLUMNS}`,
    [n.category, n.area.district, n.area.street ?? null, n.area.community ?? null, n.from, n.until, storableText(n.text), unit ?? null, at, by],
  );
  return row(rows[0]!);
}

export async function readNotice(db: Queryable, id: string): Promise<NoticeRow | undefined> {
  const rows = await db.query<Raw>(`SELECT ${COLUMNS} FROM notices WHERE id = $1`, [id]);
  return rows[0] && row(rows[0]);
}

/** Withdrawn before its time (published in error, the outage over early); resolves to undefined when it was already. */
export async function withdrawNotice(db: Queryable, id: string, at: Date, by: string): Promise<NoticeRow | undefined> {
  const rows = await db.query<Raw>(
    `UPDATE notices SET withdrawn_at = $2, withdrawn_by = $3 WHERE id = $1 AND withdrawn_at IS NULL RETURNING ${COLUMNS}`,
    [id, at, by],
  );
  return rows[0] && row(rows[0]);
}

export interface NoticeQuery {
  /** Only the notices in force at this instant (started, not ended, not withdrawn). */
  activeAt?: Date;
  category?: string;
  district?: string;
  street?: string;
  limit: number;
  offset: number;
}

/**
 * Latest starting first. With `street`, a district-wide notice matches too (it covers the street);
 * a notice for one community of the street matches as well: the intake names no community, the
 * operator reads the notice's area.
 */
export async function listNotices(db: Queryable, q: NoticeQuery): Promise<NoticeRow[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  const param = (v: unknown) => `$${params.push(v)}`;
  if (q.activeAt) {
    const at = param(q.activeAt);
    where.push(`starts_at <= ${at} AND ends_at > ${at} AND withdrawn_at IS NULL`);
  }
  if (q.category) where.push(`category = ${param(q.category)}`);
  if (q.district) where.push(`district = ${param(q.district)}`);
  if (q.street) where.push(`(street IS NULL OR street = ${param(q.street)})`);
  const rows = await db.query<Raw>(
    `SELECT ${COLUMNS} FROM notices ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY starts_at DESC, id LIMIT ${param(q.limit)} OFFSET ${param(q.offset)}`,
    params,
  );
  return rows.map(row);
}

/** Answers (咨询直答) given from each notice: the tickets' recorded outcomes. */
export async function answersPerNotice(db: Queryable, from?: string, to?: string): Promise<{ noticeId: string; answers: number }[]> {
  const rows = await db.query<{ noticeId: string; answers: string | number }>(
    `SELECT state -> 'outcome' ->> 'notice' AS "noticeId", count(*) AS answers
       FROM ticket_summaries
      WHERE status = 'answered' AND state -> 'outcome' ->> 'notice' IS NOT NULL
        AND ($1::date IS NULL OR registered_date >= $1::date) AND ($2::date IS NULL OR registered_date <= $2::date)
      GROUP BY 1 ORDER BY 2 DESC, 1`,
    [from ?? null, to ?? null],
  );
  return rows.map((r) => ({ ...r, answers: Number(r.answers) }));
}
