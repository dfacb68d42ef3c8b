// Tickets: intake (POST), one ticket (GET /{id}), the list (GET).
import { Router } from 'express';
import { requireRole, intakeRoles } from '../access';
import { actorOf } from '../auth';
import { isUnitRole, type TicketState } from '../../domain/ticket';
import { readTicket, readTrail } from '../../ledger/read';
import { ApiContext, withLedger } from '../context';
import { ApiError, parseOr400 } from '../errors';
import { openTicket } from '../intake';
import { recordPhoneReads } from '../phone-disclosure';
import { idempotencyHeaders, listQuerySchema } from '../schemas';
import { decodePageToken, encodePageToken, scopedUnit, ticketSummary, visibilityQuery } from '../ticket-list';
import { requireReadable, requireVisible } from '../ticket-scope';
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
    return { state: await withEarlierTrail(ctx, await ctx.store.load(id)), archived: false };
  } catch (err) {
    if (!(err instanceof ApiError && err.code === 'not_found') || !ctx.ledger) throw err;
    const stored = await withLedger(ctx, (db) => readTicket(db, id));
    if (!stored) throw err;
    return { state: stored, archived: true };
  }
}

/**
 * A bounded ticket's state keeps its recent trail (domain/ticket/bounds.ts): the earlier entries
 * come from the ledger, so GET still answers with the whole trail (notes there are redacted). With
 * the ledger down the ticket is still read: its recent trail, which starts at a `seq` above 1.
 */
async function withEarlierTrail(ctx: ApiContext, state: TicketState): Promise<TicketState> {
  const first = state.history[0]?.seq ?? 1;
  if (first <= 1 || !ctx.ledger) return state;
  const earlier = await withLedger(ctx, (db) => readTrail(db, state.id, first)).catch(() => []);
  return { ...state, history: [...earlier, ...state.history] };
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
    const query = visibilityQuery(q, scopedUnit(q, actor), isUnitRole(actor.role));
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
    await requireVisible(ctx, id, actor);
    const { state, archived } = await loadOrArchived(ctx, id);
    requireReadable(state, actor);
    const full = await recordPhoneReads(ctx, actor, state, 'ticket');
    res.json(ticketView(state, actor, archived, undefined, full));
  });

  return r;
}
