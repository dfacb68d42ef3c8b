// Tickets: intake (POST), one ticket (GET /{id}), the list (GET).
import { Router } from 'express';
import { requireReadable, requireRole, intakeRoles } from '../access';
import { actorOf } from '../auth';
import type { ApiContext } from '../context';
import { ApiError, parseOr400 } from '../errors';
import { openTicket } from '../intake';
import { idempotencyHeaders, listQuerySchema } from '../schemas';
import { decodePageToken, encodePageToken, scopedUnit, ticketSummary, visibilityQuery } from '../ticket-list';
import { ticketView } from '../ticket-view';

/** Ticket ids as path segments: anything else is simply not a ticket (404). */
export const TICKET_PATH_ID = /^[A-Za-z0-9_.:-]{1,128}$/;

export function ticketId(raw: unknown): string {
  const id = String(raw);
  if (!TICKET_PATH_ID.test(id)) throw new ApiError('not_found', `工单 ${id.slice(0, 128)} 不存在`);
  return id;
}

export function ticketRoutes(ctx: ApiContext): Router {
  const r = Router();

  r.post('/api/v1/tickets', async (req, res) => {
    const actor = actorOf(res);
    requireRole(intakeRoles, actor, '受理工单');
    const { 'idempotency-key': key } = parseOr400(idempotencyHeaders, { 'idempotency-key': req.get('idempotency-key') }, '请求头');
    const opened = await openTicket(ctx, req.body, actor, key);
    res.location(`/api/v1/tickets/${encodeURIComponent(opened.state.id)}`);
    if (!opened.created) res.setHeader('Idempotent-Replayed', 'true');
    res.status(opened.created ? 201 : 200).json(ticketView(opened.state, actor));
  });

  r.get('/api/v1/tickets', async (req, res) => {
    const actor = actorOf(res);
    const q = parseOr400(listQuerySchema, req.query, '查询参数');
    const query = visibilityQuery(q, scopedUnit(q, actor));
    const token = q.pageToken === undefined ? undefined : decodePageToken(q.pageToken);
    const page = await ctx.store.list(query, q.pageSize, token);
    res.json({
      items: page.executions.map(ticketSummary),
      ...(page.nextPageToken ? { nextPageToken: encodePageToken(page.nextPageToken) } : {}),
    });
  });

  r.get('/api/v1/tickets/:id', async (req, res) => {
    const actor = actorOf(res);
    const state = await ctx.store.load(ticketId(req.params.id));
    requireReadable(state, actor);
    res.json(ticketView(state, actor));
  });

  return r;
}
