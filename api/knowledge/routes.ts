// /api/v1/knowledge: the knowledge base (知识库, seed 002 应依法公开的事项应及时纳入知识库). Articles are
// drafted by admins or by the units they name, published after the hotline's review, retired when
// out of date; every saved version is kept, since an answer cites the version it was given from.
import { Router } from 'express';
import { beijingDate } from '../../domain/calendar';
import { isUnitRole, type Actor } from '../../domain/ticket';
import {
  answersPerArticle,
  createArticle,
  listArticles,
  listVersions,
  publishVersion,
  readArticle,
  readVersion,
  retireArticle,
  saveVersion,
  searchArticles,
  type ArticleRow,
  type ArticleVersion,
  type SearchHit,
} from '../../ledger/knowledge';
import { answersPerNotice } from '../../ledger/notices';
import { actorOf } from '../auth';
import { ApiContext, withLedger } from '../context';
import { ApiError, parseOr400 } from '../errors';
import { checkCatalogCodes, editsArticle, knowledgeStatsRoles, requireEditor, requirePublisher, requireReader } from './access';
import {
  ARTICLE_ID,
  articleInputSchema,
  articleStatuses,
  knowledgeQuerySchema,
  knowledgeStatsQuerySchema,
  publishSchema,
  updateArticleSchema,
  type ArticleInput,
} from './schemas';

const EXCERPT = 160;
export const excerpt = (s: string, n = EXCERPT): string => (s.length > n ? `${s.slice(0, n)}…` : s);

export const hitView = ({ body, ...h }: SearchHit) => ({ ...h, excerpt: excerpt(body) });

const versionView = ({ articleId: _a, ...v }: ArticleVersion) => v;

function articleView(a: ArticleRow, content: ArticleVersion, versions?: Awaited<ReturnType<typeof listVersions>>) {
  return {
    id: a.id,
    status: a.status,
    statusLabel: articleStatuses[a.status],
    latestVersion: a.latestVersion,
    publishedVersion: a.publishedVersion,
    content: versionView(content),
    ...(versions ? { versions } : {}),
    createdAt: a.createdAt,
    createdBy: a.createdBy,
    updatedAt: a.updatedAt,
    publishedAt: a.publishedAt,
    retiredAt: a.retiredAt,
  };
}

function articleId(raw: unknown): string {
  const id = String(raw);
  if (!ARTICLE_ID.test(id)) throw new ApiError('not_found', `知识条目 ${id.slice(0, 64)} 不存在`);
  return id;
}

const conflict = (a: ArticleRow, message: string) =>
  new ApiError('conflict', `${message}（当前状态：${a.status} ${articleStatuses[a.status]}）`, {
    status: a.status,
    statusLabel: articleStatuses[a.status],
  });

/** A unit's staff write for their own unit: an article naming no unit becomes theirs. */
function ownUnits(actor: Actor, input: ArticleInput): ArticleInput {
  return isUnitRole(actor.role) && input.units.length === 0 ? { ...input, units: [actor.unit!] } : input;
}

export function knowledgeRoutes(ctx: ApiContext): Router {
  const r = Router();

  /**
   * The article as this caller may see it: editors the latest version, drafts included; everyone
   * else the published version of a published article, and 404 for the rest (a draft is not public).
   */
  async function visible(actor: Actor, id: string) {
    const a = await existing(id);
    const editor = editsArticle(actor, a.units);
    if (!editor && a.status !== 'published') throw new ApiError('not_found', `知识条目 ${id} 不存在`);
    return { a, editor };
  }

  async function existing(id: string): Promise<ArticleRow> {
    const a = await withLedger(ctx, (db) => readArticle(db, id));
    if (!a) throw new ApiError('not_found', `知识条目 ${id} 不存在`);
    return a;
  }

  /** The article after a change, as its editor sees it: the latest version. */
  async function latestView(a: ArticleRow) {
    const v = await withLedger(ctx, (db) => readVersion(db, a.id, a.latestVersion));
    return articleView(a, v!);
  }

  r.get('/api/v1/knowledge/stats', async (req, res) => {
    const actor = actorOf(res);
    if (!knowledgeStatsRoles.includes(actor.role)) {
      throw new ApiError('forbidden', `角色 ${actor.role} 无权查看知识库统计（允许：${knowledgeStatsRoles.join('、')}）`);
    }
    const q = parseOr400(knowledgeStatsQuerySchema, req.query, '查询参数');
    const { perVersion, perNotice, titles } = await withLedger(ctx, async (db) => {
      const perVersion = await answersPerArticle(db, q.from, q.to);
      const ids = [...new Set(perVersion.map((p) => p.articleId))];
      const titles = new Map<string, string>();
      for (const id of ids) {
        const a = await readArticle(db, id);
        const v = a && (await readVersion(db, id, a.publishedVersion ?? a.latestVersion));
        if (v) titles.set(id, v.title);
      }
      return { perVersion, perNotice: await answersPerNotice(db, q.from, q.to), titles };
    });
    const articles = new Map<string, { articleId: string; title: string | null; answers: number; byVersion: Record<string, number> }>();
    for (const p of perVersion) {
      const row = articles.get(p.articleId) ?? { articleId: p.articleId, title: titles.get(p.articleId) ?? null, answers: 0, byVersion: {} };
      row.answers += p.answers;
      row.byVersion[String(p.version)] = p.answers;
      articles.set(p.articleId, row);
    }
    res.json({
      articles: [...articles.values()].sort((a, b) => b.answers - a.answers || a.articleId.localeCompare(b.articleId)),
      notices: { answers: perNotice.reduce((n, p) => n + p.answers, 0), byNotice: perNotice },
    });
  });

  r.get('/api/v1/knowledge', async (req, res) => {
    const actor = actorOf(res);
    requireReader(actor);
    const q = parseOr400(knowledgeQuerySchema, req.query, '查询参数');
    const offset = q.pageToken === undefined ? 0 : Number(q.pageToken);
    if (q.q !== undefined) {
      const hits = await withLedger(ctx, (db) =>
        searchArticles(db, { text: q.q!, today: beijingDate(ctx.now()), category: q.category, limit: offset + q.pageSize + 1 }),
      );
      const page = hits.slice(offset, offset + q.pageSize);
      res.json({ items: page.map(hitView), ...(hits.length > offset + q.pageSize ? { nextPageToken: String(offset + q.pageSize) } : {}) });
      return;
    }
    if (q.status && q.status !== 'published' && actor.role !== 'admin' && !isUnitRole(actor.role)) {
      throw new ApiError('forbidden', `角色 ${actor.role} 只能查看已发布的知识条目`);
    }
    // Admins see everything; a unit's staff published articles and their own unit's; others published only.
    const scope = actor.role === 'admin' ? {} : isUnitRole(actor.role) ? { publishedOr: actor.unit } : { status: 'published' as const };
    const rows = await withLedger(ctx, (db) =>
      listArticles(db, { ...scope, ...(q.status ? { status: q.status } : {}), unit: q.unit, category: q.category, limit: q.pageSize + 1, offset }),
    );
    res.json({
      items: rows.slice(0, q.pageSize).map((a) => articleView(a, a.version)),
      ...(rows.length > q.pageSize ? { nextPageToken: String(offset + q.pageSize) } : {}),
    });
  });

  r.post('/api/v1/knowledge', async (req, res) => {
    const actor = actorOf(res);
    const input = ownUnits(actor, parseOr400(articleInputSchema, req.body ?? {}, '知识条目'));
    requireEditor(actor, input.units, '编写');
    checkCatalogCodes(ctx.catalog(), '知识条目', input);
    const a = await withLedger(ctx, (db) => createArticle(db, input, ctx.now(), actor.id));
    const v = await withLedger(ctx, (db) => readVersion(db, a.id, 1));
    res.status(201).location(`/api/v1/knowledge/${a.id}`).json(articleView(a, v!));
  });

  r.get('/api/v1/knowledge/:id', async (req, res) => {
    const actor = actorOf(res);
    requireReader(actor);
    const { a, editor } = await visible(actor, articleId(req.params.id));
    const n = editor ? a.latestVersion : a.publishedVersion!;
    const [v, versions] = await withLedger(
      ctx,
      async (db) => [await readVersion(db, a.id, n), editor ? await listVersions(db, a.id) : undefined] as const,
    );
    res.json(articleView(a, v!, versions));
  });

  r.get('/api/v1/knowledge/:id/versions/:version', async (req, res) => {
    const actor = actorOf(res);
    requireReader(actor);
    const { a, editor } = await visible(actor, articleId(req.params.id));
    const n = Number(req.params.version);
    // Anyone may read a version that was published once (an answer cited it); drafts only editors.
    const readable = Number.isInteger(n) && n >= 1 && n <= a.latestVersion && (editor || n <= (a.publishedVersion ?? 0));
    const v = readable ? await withLedger(ctx, (db) => readVersion(db, a.id, n)) : undefined;
    if (!v) throw new ApiError('not_found', `知识条目 ${a.id} 没有第 ${String(req.params.version).slice(0, 16)} 版`);
    res.json(v);
  });

  r.put('/api/v1/knowledge/:id', async (req, res) => {
    const actor = actorOf(res);
    const id = articleId(req.params.id);
    const a = await existing(id);
    requireEditor(actor, a.units, '修改');
    const body = parseOr400(updateArticleSchema, req.body ?? {}, '知识条目修改');
    const input = ownUnits(actor, body.article);
    // A unit may not hand its article to units it does not belong to and lose it.
    requireEditor(actor, input.units, '修改');
    checkCatalogCodes(ctx.catalog(), '知识条目修改', input);
    if (a.status === 'retired') throw conflict(a, '已下架的知识条目不能再修改');
    if (body.baseVersion !== a.latestVersion) throw conflict(a, `知识条目已有更新的第 ${a.latestVersion} 版，请在其上修改（baseVersion）`);
    const saved = await withLedger(ctx, (db) => saveVersion(db, id, a.latestVersion, input, ctx.now(), actor.id));
    if (!saved) throw conflict(a, '知识条目刚被他人修改，请重新读取后再改');
    res.json(await latestView(saved));
  });

  r.post('/api/v1/knowledge/:id/publish', async (req, res) => {
    const actor = actorOf(res);
    const id = articleId(req.params.id);
    requirePublisher(actor);
    const body = parseOr400(publishSchema, req.body ?? {}, '发布请求体');
    const a = await existing(id);
    if (a.status === 'retired') throw conflict(a, '已下架的知识条目不能发布');
    const n = body.version ?? a.latestVersion;
    if (n > a.latestVersion) throw new ApiError('not_found', `知识条目 ${id} 没有第 ${n} 版`);
    const done = await withLedger(ctx, (db) => publishVersion(db, id, n, ctx.now(), actor.id));
    if (!done) throw conflict(a, '知识条目刚被下架');
    res.json(await latestView(done));
  });

  r.post('/api/v1/knowledge/:id/retire', async (req, res) => {
    const actor = actorOf(res);
    const id = articleId(req.params.id);
    const a = await existing(id);
    requireEditor(actor, a.units, '下架');
    if (a.status === 'retired') throw conflict(a, '知识条目已下架');
    const done = await withLedger(ctx, (db) => retireArticle(db, id, ctx.now(), actor.id));
    if (!done) throw conflict(a, '知识条目刚被下架');
    res.json(await latestView(done));
  });
  return r;
}
