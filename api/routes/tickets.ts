// Tickets: intake (POST), one ticket (GET /{id}), the list (GET).
import { Router } from 'express';
import { requireReadable, requireRole, intakeRoles } from '../access';
import { actorOf } from '../auth';
import type { TicketState } from '../../domain/ticket';
import { readTicket } from '../../ledger/read';
import { ApiContext, withLedger } from '../context';
import { ApiError, parseOr400 } from '../errors';
import { openTicket } from '../intake';
import { recordPhoneReads } from '../phone-disclosure';
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

/**
 * The ticket from Temporal; when Temporal has no such workflow (past retention, deleted), the
 * ledger's copy. 404 only when neither has it (or the API runs without a ledger).
 */
export async function loadOrArchived(ctx: ApiContext, id: string): Promise<{ state: TicketState; archived: boolean }> {
  try {
    return { state: await ctx.store.load(id), archived: false };
  } catch (err) {
    if (!(err instanceof ApiError && err.code === 'not_found') || !ctx.ledger) throw err;
    const stored = await withLedger(ctx, (db) => readTicket(db, id));
    if (!stored) throw err;
    return { state: stored, archived: true };
  }
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
    const full = await recordPhoneReads(ctx, actor, opened.state, 'intake');
    res.status(opened.created ? 201 : 200).json(ticketView(opened.state, actor, false, undefined, full));
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
    const id = ticketId(req.params.id);
    const { state, archived } = await loadOrArchived(ctx, id);
    requireReadable(state, actor);
    const full = await recordPhoneReads(ctx, actor, state, 'ticket');
    res.json(ticketView(state, actor, archived, undefined, full));
  });

  return r;
}
