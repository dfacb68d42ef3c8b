// The knowledge base (知识库) in the ledger: articles, their immutable versions, and the inverted
// index of the published versions that GET /api/v1/knowledge?q= ranks by. Status and who may edit
// are the API's business (api/knowledge/); this module only reads and writes.
import { articleTerms, queryTerms } from '../domain/knowledge/text-match';
import type { Queryable } from './db';
import { storableText } from './redact';

export type ArticleStatus = 'draft' | 'published' | 'retired';

export interface ArticleContent {
  title: string;
  body: string;
  category?: string;
  units: string[];
  tags: string[];
  validFrom?: string;
  validUntil?: string;
}

export interface ArticleVersion extends ArticleContent {
  articleId: string;
  version: number;
  savedAt: string;
  savedBy: string;
}

export interface ArticleRow {
  id: string;
  status: ArticleStatus;
  latestVersion: number;
  publishedVersion: number | null;
  units: string[];
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  publishedAt: string | null;
  publishedBy: string | null;
  retiredAt: string | null;
  retiredBy: string | null;
}

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());
const day = (d: Date | string | null | undefined) =>
  d === null || d === undefined ? undefined : typeof d === 'string' ? d.slice(0, 10) : d.toISOString().slice(0, 10);

const articleColumns = (p = '') => `${p}id, ${p}status, ${p}latest_version AS "latestVersion", ${p}published_version AS "publishedVersion",
  ${p}units, ${p}created_at AS "createdAt", ${p}created_by AS "createdBy", ${p}updated_at AS "updatedAt", ${p}published_at AS "publishedAt",
  ${p}published_by AS "publishedBy", ${p}retired_at AS "retiredAt", ${p}retired_by AS "retiredBy"`;
// Dates as text: PGlite and pg would otherwise turn a date into a Date at local midnight.
const versionColumns = (p = '') => `${p}article_id AS "articleId", ${p}version, ${p}title, ${p}body, ${p}category, ${p}units, ${p}tags,
  to_char(${p}valid_from, 'YYYY-MM-DD') AS "validFrom", to_char(${p}valid_until, 'YYYY-MM-DD') AS "validUntil",
  ${p}saved_at AS "savedAt", ${p}saved_by AS "savedBy"`;

type RawArticle = Omit<ArticleRow, 'createdAt' | 'updatedAt' | 'publishedAt' | 'retiredAt'> &
  Record<'createdAt' | 'updatedAt', Date> &
  Record<'publishedAt' | 'retiredAt', Date | null>;
const article = (r: RawArticle): ArticleRow => ({
  ...r,
  createdAt: iso(r.createdAt)!,
  updatedAt: iso(r.updatedAt)!,
  publishedAt: iso(r.publishedAt),
  retiredAt: iso(r.retiredAt),
});
type RawVersion = Omit<ArticleVersion, 'savedAt' | 'category' | 'validFrom' | 'validUntil'> & {
  savedAt: Date;
  category: string | null;
  validFrom: string | null;
  validUntil: string | null;
};
const version = (r: RawVersion): ArticleVersion => ({
  articleId: r.articleId,
  version: r.version,
  title: r.title,
  body: r.body,
  ...(r.category !== null ? { category: r.category } : {}),
  units: r.units,
  tags: r.tags,
  ...(r.validFrom !== null ? { validFrom: day(r.validFrom) } : {}),
  ...(r.validUntil !== null ? { validUntil: day(r.validUntil) } : {}),
  savedAt: iso(r.savedAt)!,
  savedBy: r.savedBy,
});

async function insertVersion(tx: Queryable, id: string, n: number, c: ArticleContent, at: Date, by: string): Promise<void> {
  await tx.query(
    `INSERT INTO knowledge_versions (article_id, version, title, body, category, units, tags, valid_from, valid_until, saved_at, saved_by)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb, $8, $9, $10, $11)`,
    [
      id,
      n,
      storableText(c.title),
      storableText(c.body),
      c.category ?? null,
      JSON.stringify(c.units),
      JSON.stringify(c.tags.map(storableText)),
      c.validFrom ?? null,
      c.validUntil ?? null,
      at,
      by,
    ],
  );
}

/** A new article, draft, version 1. */
export async function createArticle(db: Queryable, c: ArticleContent, at: Date, by: string): Promise<ArticleRow> {
  const [{ id }] = await db.query<{ id: string }>(`SELECT 'KB' || lpad(nextval('knowledge_article_seq')::text, 6, '0') AS id`);
  await db.query(
    `INSERT INTO knowledge_articles (id, status, latest_version, units, created_at, created_by, updated_at)
     VALUES ($1, 'draft', 1, $2::jsonb, $3, $4, $3)`,
    [id, JSON.stringify(c.units), at, by],
  );
  await insertVersion(db, id!, 1, c, at, by);
  return (await readArticle(db, id!))!;
}

/**
 * A new version of an existing article; the status does not change (a published article keeps
 * answering with its published version until the new one is reviewed and published). Resolves to
 * undefined when `expectedLatest` is no longer the latest (someone saved in between).
 */
export async function saveVersion(
  db: Queryable,
  id: string,
  expectedLatest: number,
  c: ArticleContent,
  at: Date,
  by: string,
): Promise<ArticleRow | undefined> {
  const bumped = await db.query(
    `UPDATE knowledge_articles SET latest_version = latest_version + 1, units = $3::jsonb, updated_at = $4
      WHERE id = $1 AND latest_version = $2 AND status <> 'retired' RETURNING id`,
    [id, expectedLatest, JSON.stringify(c.units), at],
  );
  if (!bumped.length) return undefined;
  await insertVersion(db, id, expectedLatest + 1, c, at, by);
  return readArticle(db, id);
}

/** Publishes `n` (hotline review done): the index then finds this version's text. */
export async function publishVersion(db: Queryable, id: string, n: number, at: Date, by: string): Promise<ArticleRow | undefined> {
  const v = await readVersion(db, id, n);
  if (!v) return undefined;
  const done = await db.query(
    `UPDATE knowledge_articles SET status = 'published', published_version = $2, category = $3, valid_from = $4, valid_until = $5,
            published_at = $6, published_by = $7, updated_at = $6
      WHERE id = $1 AND status <> 'retired' RETURNING id`,
    [id, n, v.category ?? null, v.validFrom ?? null, v.validUntil ?? null, at, by],
  );
  if (!done.length) return undefined;
  await db.query('DELETE FROM knowledge_terms WHERE article_id = $1', [id]);
  const terms = [...articleTerms(v)];
  // One statement per chunk: a long article has a few hundred tokens.
  for (let i = 0; i < terms.length; i += 500) {
    const chunk = terms.slice(i, i + 500);
    await db.query(
      `INSERT INTO knowledge_terms (article_id, term, weight)
       SELECT $1, t.term, t.weight FROM jsonb_to_recordset($2::jsonb) AS t(term text, weight real)`,
      [id, JSON.stringify(chunk.map(([term, weight]) => ({ term, weight })))],
    );
  }
  return readArticle(db, id);
}

/** Retired: no longer found, no longer citable; its versions stay readable (answers cite them). */
export async function retireArticle(db: Queryable, id: string, at: Date, by: string): Promise<ArticleRow | undefined> {
  const done = await db.query(
    `UPDATE knowledge_articles SET status = 'retired', retired_at = $2, retired_by = $3, updated_at = $2 WHERE id = $1 AND status <> 'retired' RETURNING id`,
    [id, at, by],
  );
  if (!done.length) return undefined;
  await db.query('DELETE FROM knowledge_terms WHERE article_id = $1', [id]);
  return readArticle(db, id);
}

export async function readArticle(db: Queryable, id: string): Promise<ArticleRow | undefined> {
  const rows = await db.query<RawArticle>(`SELECT ${articleColumns()} FROM knowledge_articles WHERE id = $1`, [id]);
  return rows[0] && article(rows[0]);
}

export async function readVersion(db: Queryable, id: string, n: number): Promise<ArticleVersion | undefined> {
  const rows = await db.query<RawVersion>(`SELECT ${versionColumns()} FROM knowledge_versions WHERE article_id = $1 AND version = $2`, [id, n]);
  return rows[0] && version(rows[0]);
}

export async function listVersions(db: Queryable, id: string): Promise<Pick<ArticleVersion, 'version' | 'title' | 'savedAt' | 'savedBy'>[]> {
  const rows = await db.query<{ version: number; title: string; savedAt: Date; savedBy: string }>(
    `SELECT version, title, saved_at AS "savedAt", saved_by AS "savedBy" FROM knowledge_versions WHERE article_id = $1 ORDER BY version`,
    [id],
  );
  return rows.map((r) => ({ ...r, savedAt: iso(r.savedAt)! }));
}

export interface ArticleListQuery {
  status?: ArticleStatus;
  /** Only articles naming this unit. */
  unit?: string;
  /** Published articles, or the ones naming this unit (a unit's staff see their own drafts). */
  publishedOr?: string;
  /** The latest version's category. */
  category?: string;
  limit: number;
  offset: number;
}

/** Latest change first, with each article's latest version. */
export async function listArticles(db: Queryable, q: ArticleListQuery): Promise<(ArticleRow & { version: ArticleVersion })[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  const param = (v: unknown) => `$${params.push(v)}`;
  if (q.status) where.push(`a.status = ${param(q.status)}`);
  if (q.unit) where.push(`a.units @> ${param(JSON.stringify([q.unit]))}::jsonb`);
  if (q.publishedOr) where.push(`(a.status = 'published' OR a.units @> ${param(JSON.stringify([q.publishedOr]))}::jsonb)`);
  if (q.category) {
    where.push(
      `EXISTS (SELECT 1 FROM knowledge_versions c WHERE c.article_id = a.id AND c.version = a.latest_version AND c.category = ${param(q.category)})`,
    );
  }
  const rows = await db.query<RawArticle & { v: RawVersion }>(
    `SELECT ${articleColumns('a.')},
            (SELECT to_jsonb(x) FROM (SELECT ${versionColumns('v.')} FROM knowledge_versions v WHERE v.article_id = a.id AND v.version = a.latest_version) x) AS v
       FROM knowledge_articles a ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY a.updated_at DESC, a.id LIMIT ${param(q.limit)} OFFSET ${param(q.offset)}`,
    params,
  );
  return rows.map(({ v, ...r }) => ({ ...article(r), version: version({ ...v, savedAt: new Date(v.savedAt) }) }));
}

export interface SearchHit {
  articleId: string;
  version: number;
  title: string;
  body: string;
  category?: string;
  tags: string[];
  score: number;
}

/**
 * The published articles valid on `today` (Beijing date) ranked for `q`: each shared token weighs
 * its weight in the article times its rarity (idf), and the sum is scaled by the share of the
 * query's tokens the article has, so an article matching the whole question beats one repeating a
 * common word. `category`: only that category's articles (and those with none).
 */
export async function searchArticles(db: Queryable, q: { text: string; today: string; category?: string; limit: number }): Promise<SearchHit[]> {
  const terms = queryTerms(q.text);
  if (!terms.length) return [];
  // The ranking runs on the narrow tables (terms, articles), the query's tokens read once through
  // the index (`hits`: an estimate-proof plan, a join on the term would scan the whole table); only
  // the top `limit` versions are read, with their text. A token in more than a fifth of the articles
  // (in a large base) ranks nothing and costs its rows: it is left out, as a stop word would be.
  const rows = await db.query<RawVersion & { score: number }>(
    `WITH n AS (SELECT count(*)::float8 AS n FROM knowledge_articles WHERE status = 'published'),
     hits AS (SELECT article_id, term, weight FROM knowledge_terms WHERE term = ANY($1::text[])),
     q AS (
       SELECT term, ln(1 + (SELECT n FROM n) / count(*)) AS idf FROM hits GROUP BY term
       HAVING count(*) <= greatest(200, 0.2 * (SELECT n FROM n))),
     s AS (
       SELECT h.article_id, sum(h.weight * q.idf) * count(*) / $2::float8 AS score
         FROM hits h JOIN q USING (term) GROUP BY h.article_id),
     top AS (
       SELECT a.id, a.published_version, s.score FROM s JOIN knowledge_articles a ON a.id = s.article_id
        WHERE a.status = 'published'
          AND (a.valid_from IS NULL OR a.valid_from <= $3::date) AND (a.valid_until IS NULL OR a.valid_until >= $3::date)
          ${q.category ? 'AND (a.category IS NULL OR a.category = $5)' : ''}
        ORDER BY s.score DESC, a.id LIMIT $4)
     SELECT ${versionColumns('v.')}, top.score
       FROM top JOIN knowledge_versions v ON v.article_id = top.id AND v.version = top.published_version
      ORDER BY top.score DESC, top.id`,
    [terms, terms.length, q.today, q.limit, ...(q.category ? [q.category] : [])],
  );
  return rows.map((r) => {
    const v = version(r);
    return {
      articleId: v.articleId,
      version: v.version,
      title: v.title,
      body: v.body,
      ...(v.category ? { category: v.category } : {}),
      tags: v.tags,
      score: Math.round(r.score * 1000) / 1000,
    };
  });
}

/** Answers (咨询直答) citing each article, per version, from the tickets' recorded outcomes. */
export async function answersPerArticle(
  db: Queryable,
  from?: string,
  to?: string,
): Promise<{ articleId: string; version: number; answers: number }[]> {
  const rows = await db.query<{ articleId: string; version: number; answers: string | number }>(
    `SELECT state -> 'outcome' -> 'article' ->> 'articleId' AS "articleId", (state -> 'outcome' -> 'article' ->> 'version')::int AS version,
            count(*) AS answers
       FROM ticket_summaries
      WHERE status = 'answered' AND state -> 'outcome' -> 'article' ->> 'articleId' IS NOT NULL
        AND ($1::date IS NULL OR registered_date >= $1::date) AND ($2::date IS NULL OR registered_date <= $2::date)
      GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2`,
    [from ?? null, to ?? null],
  );
  return rows.map((r) => ({ ...r, answers: Number(r.answers) }));
}
