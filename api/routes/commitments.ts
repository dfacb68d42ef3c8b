// The commitments of signed-off replies (R6, seed 002 承诺事项要登记在册，后续跟踪推进): the register
// (GET /api/v1/commitments, from the ledger: a unit sees its own, the hotline all) and the unit's
// fulfil-commitment action, sent to the commitment's own workflow, so it works after the ticket
// itself has closed.
import { Router } from 'express';
import { WorkflowNotFoundError } from '@temporalio/common';
import { fulfilSchema } from '../../domain/commitment/decide';
import { CommitmentState, commitmentWorkflowId } from '../../domain/commitment/model';
import { isUnitRole, Role } from '../../domain/ticket';
import { listCommitments } from '../../ledger/commitments';
import { commitmentQuerySchema } from '../commitment-schemas';
import { actorOf } from '../auth';
import { ApiContext, withLedger } from '../context';
import { ApiError, parseOr400 } from '../errors';
import { commitmentQuery, fulfilCommitmentUpdate } from '../../workflows/commitment-messages';
import { ticketId } from './tickets';

export const FULFIL_COMMITMENT_PATH = 'fulfil-commitment';
/** Everyone but the system: units see their own commitments, the hotline's roles all of them. */
export const commitmentListRoles = (role: Role): boolean => role !== 'system';

const view = ({ history: _h, reminderHours: _r, registeredBy: _b, ...c }: CommitmentState) => c;

export function commitmentRoutes(ctx: ApiContext): Router {
  const r = Router();

  r.get('/api/v1/commitments', async (req, res) => {
    const actor = actorOf(res);
    if (!commitmentListRoles(actor.role)) throw new ApiError('forbidden', `角色 ${actor.role} 无权查看承诺事项`);
    const q = parseOr400(commitmentQuerySchema, req.query, '查询参数');
    if (isUnitRole(actor.role) && q.unit !== undefined && q.unit !== actor.unit) {
      throw new ApiError('forbidden', `${actor.role} 只能查看本单位（${actor.unit}）的承诺事项`);
    }
    const unit = isUnitRole(actor.role) ? actor.unit : q.unit;
    const offset = q.pageToken === undefined ? 0 : Number(q.pageToken);
    const rows = await withLedger(ctx, (db) => listCommitments(db, { unit, status: q.status, ticket: q.ticket, limit: q.pageSize + 1, offset }));
    res.json({
      items: rows.slice(0, q.pageSize),
      ...(rows.length > q.pageSize ? { nextPageToken: String(offset + q.pageSize) } : {}),
    });
  });

  r.post(`/api/v1/tickets/:id/actions/${FULFIL_COMMITMENT_PATH}`, async (req, res) => {
    const actor = actorOf(res);
    if (!isUnitRole(actor.role)) throw new ApiError('forbidden', `角色 ${actor.role} 无权执行「履行承诺」：承诺由作出承诺的承办单位履行`);
    const id = ticketId(req.params.id);
    const input = parseOr400(fulfilSchema, req.body ?? {}, '「履行承诺」请求体');
    const wid = commitmentWorkflowId(id, input.commitment);
    const handle = ctx.store.handleOf(wid);
    const state = await ctx.store.call(async () => {
      try {
        return await handle.executeUpdate(fulfilCommitmentUpdate, { args: [{ actor, input }] });
      } catch (err) {
        if (!(err instanceof WorkflowNotFoundError)) throw err;
        // A kept commitment's workflow has completed: it takes no more updates.
        const done = await handle.query(commitmentQuery).catch(() => undefined);
        if (!done) throw new ApiError('not_found', `工单 ${id} 没有第 ${input.commitment} 项承诺`);
        throw new ApiError('conflict', `承诺事项已于 ${done.fulfilment?.at ?? '此前'} 履行，不能重复履行（当前状态：fulfilled）`, {
          status: done.status,
          statusLabel: done.statusLabel,
        });
      }
    }, id);
    res.json(view(state));
  });
  return r;
}
