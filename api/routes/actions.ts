// POST /api/v1/tickets/{id}/actions/{action}: one generic route for every row of the action table.
// Order of checks: the action exists (404) → the role may take it (403) → the ticket exists and a
// handler's unit is on it (404, domain/ticket/sight.ts) → the unit scope (403) → the body (400) →
// catalog codes and ticket references (400/404/409) → the status (409). All but the first two are
// the workflow Update's validator's, on the ticket's own state; the route reads the ticket itself
// only to answer a refused body in that same order (and checks the caller may see it first).
import { Router } from 'express';
import { actionByPath, actions, isTerminal, unitFactsFor, type ActionInput } from '../../domain/ticket';
import { checkActionRefs, ticketRef } from '../../domain/ticket/refs';
import { requireActionAllowed, requireActionRole } from '../access';
import { actorOf } from '../auth';
import type { ApiContext } from '../context';
import { ApiError, parseOr400, validationError } from '../errors';
import { inputBoundsIssues } from '../input-bounds';
import { recordPhoneReads } from '../phone-disclosure';
import { loadSeen } from '../ticket-scope';
import { ticketView } from '../ticket-view';
import { checkCitation } from '../knowledge/citation';
import { ticketId } from './tickets';

export function actionRoutes(ctx: ApiContext): Router {
  const r = Router();
  r.post('/api/v1/tickets/:id/actions/:action', async (req, res) => {
    const actor = actorOf(res);
    const name = actionByPath(String(req.params.action));
    if (!name) {
      const known = Object.values(actions)
        .map((a) => a.path)
        .join(', ');
      throw new ApiError('not_found', `没有操作 ${String(req.params.action).slice(0, 64)}（可用：${known}）`);
    }
    const def = actions[name];
    requireActionRole(name, actor);
    const id = ticketId(req.params.id);
    const seen = () => loadSeen(ctx, id, actor);

    // The happy path is one Update: its validator makes the ticket checks (unit scope 403, status
    // 409) on the workflow's own state, so the ticket is not read first. A refused body is answered
    // as if it had been: 404, then the unit scope's 403, then the 400.
    const where = `「${def.label}」请求体`;
    let input: unknown;
    let refused: ApiError | undefined;
    try {
      input = parseOr400(def.schema, req.body ?? {}, where);
      const issues = [...checkActionRefs(ctx.catalog(), name, input), ...inputBoundsIssues(ctx.now(), name, input)];
      if (issues.length) refused = validationError(where, issues);
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      refused = err;
    }
    if (refused) {
      requireActionAllowed(await seen(), name, actor);
      throw refused;
    }
    const refField = ticketRef(name);
    if (refField) {
      const target = String((input as Record<string, unknown>)[refField]);
      if (target !== id) {
        const state = await seen();
        requireActionAllowed(state, name, actor);
        const other = await ctx.store.load(ticketId(target)).catch((err: unknown) => {
          if (err instanceof ApiError && err.code === 'not_found') throw new ApiError('not_found', `${refField}：目标工单 ${target} 不存在`);
          throw err;
        });
        if (isTerminal(other.status)) {
          throw new ApiError('conflict', `${refField}：目标工单 ${target} 已结束（${other.status}），不能合并`, {
            status: state.status,
            statusLabel: state.statusLabel,
          });
        }
      }
    }

    if (name === 'answer') await checkCitation(ctx, input as ActionInput<'answer'>, seen);

    const next = await ctx.store.act(id, name, actor, input, unitFactsFor(ctx.catalog(), actor, name, input));
    const full = await recordPhoneReads(ctx, actor, next, `action:${def.path}`);
    res.json(ticketView(next, actor, false, undefined, full));
  });
  return r;
}
