// /api/v1/notices: temporary notices (临时公告) of outages and closures (seed 002 涉及水、电、暖、燃气
// 及道路封闭等影响市民生活的临时性信息要在系统内提前发布公告). Published by admins or by a unit (a
// utility, a street office); past their end they no longer count as in force, with no job to run.
import { Router } from 'express';
import { createNotice, listNotices, readNotice, withdrawNotice, type NoticeRow } from '../../ledger/notices';
import type { Actor } from '../../domain/ticket';
import { actorOf } from '../auth';
import { ApiContext, withLedger } from '../context';
import { ApiError, parseOr400 } from '../errors';
import { checkCatalogCodes, requireNoticeEditor, requireReader } from './access';
import { NOTICE_ID, noticeInputSchema, noticeQuerySchema } from './schemas';

export const isActive = (n: NoticeRow, at: Date): boolean => n.withdrawnAt === null && Date.parse(n.from) <= +at && +at < Date.parse(n.until);

export const noticeView = (n: NoticeRow, at: Date) => {
  const { withdrawnBy: _w, ...rest } = n;
  return { ...rest, active: isActive(n, at) };
};

function noticeId(raw: unknown): string {
  const id = String(raw);
  if (!NOTICE_ID.test(id)) throw new ApiError('not_found', `公告 ${id.slice(0, 64)} 不存在`);
  return id;
}

export function noticeRoutes(ctx: ApiContext): Router {
  const r = Router();

  r.get('/api/v1/notices', async (req, res) => {
    requireReader(actorOf(res));
    const q = parseOr400(noticeQuerySchema, req.query, '查询参数');
    const now = ctx.now();
    const offset = q.pageToken === undefined ? 0 : Number(q.pageToken);
    const rows = await withLedger(ctx, (db) =>
      listNotices(db, {
        activeAt: q.active === 'true' ? now : undefined,
        category: q.category,
        district: q.district,
        street: q.street,
        limit: q.pageSize + 1,
        offset,
      }),
    );
    res.json({
      items: rows.slice(0, q.pageSize).map((n) => noticeView(n, now)),
      ...(rows.length > q.pageSize ? { nextPageToken: String(offset + q.pageSize) } : {}),
    });
  });

  r.post('/api/v1/notices', async (req, res) => {
    const actor: Actor = actorOf(res);
    requireNoticeEditor(actor);
    const input = parseOr400(noticeInputSchema, req.body ?? {}, '公告');
    checkCatalogCodes(ctx.catalog(), '公告', { category: input.category, ...input.area }, 'area.');
    if (Date.parse(input.until) <= +ctx.now()) {
      throw new ApiError('validation_failed', '公告无效：until: 结束时间已过', [{ path: 'until', message: '结束时间已过' }]);
    }
    const n = await withLedger(ctx, (db) => createNotice(db, input, actor.role === 'admin' ? undefined : actor.unit, ctx.now(), actor.id));
    res.status(201).location(`/api/v1/notices/${n.id}`).json(noticeView(n, ctx.now()));
  });

  r.get('/api/v1/notices/:id', async (req, res) => {
    requireReader(actorOf(res));
    const id = noticeId(req.params.id);
    const n = await withLedger(ctx, (db) => readNotice(db, id));
    if (!n) throw new ApiError('not_found', `公告 ${id} 不存在`);
    res.json(noticeView(n, ctx.now()));
  });

  r.post('/api/v1/notices/:id/withdraw', async (req, res) => {
    const actor = actorOf(res);
    const id = noticeId(req.params.id);
    const n = await withLedger(ctx, (db) => readNotice(db, id));
    if (!n) throw new ApiError('not_found', `公告 ${id} 不存在`);
    requireNoticeEditor(actor, n.unit);
    if (n.withdrawnAt !== null) throw new ApiError('conflict', `公告 ${id} 已于 ${n.withdrawnAt} 撤回`, { status: 'withdrawn' });
    const done = await withLedger(ctx, (db) => withdrawNotice(db, id, ctx.now(), actor.id));
    if (!done) throw new ApiError('conflict', `公告 ${id} 已撤回`, { status: 'withdrawn' });
    res.json(noticeView(done, ctx.now()));
  });
  return r;
}
