// GET /api/v1/follow-ups: the follow-up agents' queue (roles follow_up, admin), paged like the
// ticket list. A page is one page of visibility filtered by queue, so it may hold fewer items than
// pageSize; follow nextPageToken to the end.
import { Router } from 'express';
import type { Role, TicketState } from '../../domain/ticket';
import { requireRole } from '../access';
import { actorOf } from '../auth';
import type { ApiContext } from '../context';
import { ApiError, parseOr400 } from '../errors';
import { followUpItem, followUpVisibilityQuery, inQueue } from '../follow-up-queue';
import { followUpQueueQuerySchema } from '../follow-up-schemas';
import { decodePageToken, encodePageToken } from '../ticket-list';
import { recordPhoneReads } from '../phone-disclosure';

export const followUpQueueRoles: readonly Role[] = ['follow_up', 'admin'];

export function followUpRoutes(ctx: ApiContext): Router {
  const r = Router();
  r.get('/api/v1/follow-ups', async (req, res) => {
    const actor = actorOf(res);
    requireRole(followUpQueueRoles, actor, '查看回访队列');
    const q = parseOr400(followUpQueueQuerySchema, req.query, '查询参数');
    const token = q.pageToken === undefined ? undefined : decodePageToken(q.pageToken);
    const page = await ctx.store.list(followUpVisibilityQuery(q, ctx.store.taskQueue), q.pageSize, token);
    const states = await Promise.all(
      page.executions.map((w) =>
        ctx.store.load(w.workflowId).catch((err: unknown) => {
          // Visibility lags: a ticket deleted since is simply not in the queue.
          if (err instanceof ApiError && err.code === 'not_found') return undefined;
          throw err;
        }),
      ),
    );
    const catalog = ctx.catalog();
    const queued = states.filter((s): s is TicketState => s !== undefined && inQueue(s, q.queue));
    const full = await Promise.all(queued.map((s) => recordPhoneReads(ctx, actor, s, 'follow-up-queue')));
    res.json({
      items: queued.map((s, i) => followUpItem(s, catalog, actor, full[i])),
      ...(page.nextPageToken ? { nextPageToken: encodePageToken(page.nextPageToken) } : {}),
    });
  });
  return r;
}
