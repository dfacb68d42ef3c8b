// The entry point of the core: state × command → new state (and effects), or a refusal with a
// reason. Pure and synchronous: the workflow calls it from update validators and handlers, the
// tests call it directly. The checks come from the action table, in this order: input, role,
// unit scope, status, the rules that need no input; then the action's handler.
import type { CalendarData } from '../calendar';
import { ActionDef, actions, ActionName } from './actions';
import type { Effect } from './effects';
import { Handler, handlers, label } from './handlers';
import type { DirectDispatchTarget } from './intake';
import { Actor, AuditEntry, isTerminal, isUnitRole, Requester, TicketState } from './model';
import { countNote, quotaRefusal } from './bounds';
import { unmetPrecondition } from './preconditions';
import { fieldIssues, InputViolation, Refusal, refusal, RuleViolation } from './rejection';
import { signOffRefusal } from './review';
import type { TicketRules } from './rules';
import { iso } from './transitions';
import { delegableActions, isDelegate } from './delegation';
import type { UnitFacts } from './unit-facts';

export interface DecisionContext {
  now: number;
  actor: Actor;
  rules: TicketRules;
  calendar: CalendarData;
  via: AuditEntry['via'];
  /** For direct-dispatch categories: who supervises, copied on any dispatch (seed 004). */
  directDispatch?: DirectDispatchTarget;
  /** Catalog facts of the units the command names, sent with it (domain/ticket/unit-facts.ts). */
  units?: UnitFacts;
  /** R17: a whistle escalates (the workflow's whistle-escalation-v1 patch); before, it added a co-unit. */
  whistleEscalates?: boolean;
  /**
   * A reply drafted on a ticket from before two-step review (the workflow's `two-step-review-v1`
   * patch) keeps the old flow: one sign-off, by the unit leader or an admin (R7).
   */
  legacySignOff?: boolean;
  /** Notes one person may add (bounds.ts); unset for tickets started before the limit. */
  noteLimitPerActor?: number;
}

export type Decision = { ok: true; state: TicketState; effects: Effect[] } | Refusal;

/** Why `actor` may not take `action` on `t` for role or unit scope (status aside); undefined if they may. */
export function whoRefusal(t: TicketState, action: ActionName, actor: Actor): Refusal | undefined {
  const a = actions[action];
  if (!a.roles.includes(actor.role)) return refusal('role', `角色 ${actor.role} 无权执行「${a.label}」`, t.status);
  const signOff = signOffRefusal(t, action, actor);
  if (signOff) return refusal('role', signOff, t.status);
  if (isUnitRole(actor.role) && a.unitScope) {
    const own = actor.unit !== undefined && actor.unit === t.leadUnit;
    const co = actor.unit !== undefined && t.coUnits.includes(actor.unit);
    // 下派: the subordinate's handler does the handling work; the rest stays with the lead unit.
    const delegate = isDelegate(t, actor) && delegableActions.includes(action);
    if (a.unitScope === 'lead' && !own && !delegate) {
      return refusal('scope', `「${a.label}」只能由主办单位执行（本单 主办：${t.leadUnit ?? '无'}）`, t.status);
    }
    if (a.unitScope === 'involved' && !own && !co && !delegate) return refusal('scope', '本单位不是该工单的主办或协办单位', t.status);
    if (a.unitScope === 'supervising' && !t.supervisingUnits?.includes(actor.unit!)) {
      return refusal('scope', `「${a.label}」只能由督办单位执行（本单 督办：${t.supervisingUnits?.join('、') || '无'}）`, t.status);
    }
  }
  return undefined;
}

/** Whether `actor` may take `action` on `t` at all (role and unit scope), ignoring status. */
export const authorize = (t: TicketState, action: ActionName, actor: Actor): string | undefined => whoRefusal(t, action, actor)?.reason;

/** The action table's statuses and the no-input rules: why `action` cannot be taken at `now`. */
export function whenRefusal(t: TicketState, action: ActionName, now?: number): Refusal | undefined {
  const a = actions[action];
  if (!a.statuses.includes(t.status)) {
    const why = isTerminal(t.status)
      ? `工单已结束：${label(t.status)}`
      : `${a.label}：当前状态为 ${label(t.status)}，只能在 ${a.statuses.map(label).join('、')} 时进行`;
    return refusal('status', why, t.status);
  }
  const unmet = unmetPrecondition(t, action, now);
  return unmet === undefined ? undefined : refusal('precondition', unmet, t.status);
}

/**
 * The actions `actor` may take on `t`: role, unit scope, status and the rules that need no input,
 * those that depend on the time (the return window) judged at `now` when it is given.
 */
export function allowedActions(t: TicketState, actor: Actor, now?: number): ActionName[] {
  // A row with a route of its own (the attachment upload) is offered apart (attach-steps.ts).
  return (Object.keys(actions) as ActionName[]).filter(
    (a) => !(actions[a] as ActionDef).ownRoute && !whoRefusal(t, a, actor) && !whenRefusal(t, a, now),
  );
}

function auditNote(input: Record<string, unknown>): string | undefined {
  for (const k of ['note', 'reason', 'summary', 'topic', 'answer', 'explanation']) {
    if (typeof input[k] === 'string') return input[k] as string;
  }
  return undefined;
}

export function audit(
  t: TicketState,
  action: string,
  ctx: Pick<DecisionContext, 'now' | 'actor' | 'via'>,
  extra: { note?: string; rejected?: string } = {},
): void {
  t.history.push({
    seq: (t.history.at(-1)?.seq ?? 0) + 1, // the state keeps the recent trail only (bounds.ts)
    at: iso(ctx.now),
    action,
    actor: ctx.actor,
    via: ctx.via,
    status: t.status,
    ...(extra.note !== undefined ? { note: extra.note } : {}),
    ...(extra.rejected !== undefined ? { rejected: extra.rejected } : {}),
  });
}

export const cloneState = (t: TicketState): TicketState => JSON.parse(JSON.stringify(t));

export function decide(state: TicketState, action: ActionName, rawInput: unknown, ctx: DecisionContext): Decision {
  // Own keys only: 'toString', 'constructor' etc. must not resolve to Object.prototype members.
  const def = Object.hasOwn(actions, action) ? actions[action] : undefined;
  if (!def) return refusal('input', `未知操作 ${String(action)}`, state.status);
  const parsed = def.schema.safeParse(rawInput ?? {});
  if (!parsed.success) {
    const details = fieldIssues(parsed.error);
    const list = details.map((d) => `${d.path}: ${d.message}`).join('; ');
    return refusal('input', `「${def.label}」参数无效：${list}`, state.status, details);
  }
  const refused = whoRefusal(state, action, ctx.actor) ?? whenRefusal(state, action, ctx.now) ?? quotaRefusal(state, action, ctx);
  if (refused) return refused;
  const t = cloneState(state);
  try {
    const effects = (handlers[action] as Handler<ActionName>)(t, parsed.data as never, ctx);
    countNote(t, action, ctx);
    audit(t, action, ctx, { note: auditNote(parsed.data as Record<string, unknown>) });
    return { ok: true, state: t, effects };
  } catch (err) {
    if (err instanceof InputViolation) return refusal('input', `「${def.label}」参数无效：${err.message}`, state.status, [err.issue]);
    if (err instanceof RuleViolation) return refusal('rule', err.message, state.status);
    throw err;
  }
}

/** Adds the requesters of a ticket merged into this one (多人一诉). */
export function addRequesters(
  state: TicketState,
  requesters: Requester[],
  ctx: Pick<DecisionContext, 'now' | 'actor' | 'via'>,
  from: string,
): Decision {
  if (isTerminal(state.status)) {
    return refusal('status', `目标工单已结束：${label(state.status)}`, state.status);
  }
  const t = cloneState(state);
  t.requesters.push(...requesters.map((r) => ({ ...r, addedAt: iso(ctx.now) })));
  audit(t, 'merged', ctx, { note: `合并工单 ${from}（${requesters.length} 位诉求人）` });
  return { ok: true, state: t, effects: [] };
}

/** Takes back the requesters a ticket sent by a merge that was then refused after all (R13). */
export function withdrawRequesters(
  state: TicketState,
  from: string,
  requesters: Requester[],
  ctx: Pick<DecisionContext, 'now' | 'actor' | 'via'>,
): Decision {
  const t = cloneState(state);
  // The very entries that merge added (each once): a requester may have come earlier by another way.
  const key = ({ addedAt: _, ...r }: Requester) => JSON.stringify(r);
  const sent = requesters.map(key);
  const before = t.requesters.length;
  t.requesters = t.requesters.filter((r) => {
    const i = sent.indexOf(key(r));
    if (i < 0) return true;
    sent.splice(i, 1);
    return false;
  });
  audit(t, 'mergeWithdrawn', ctx, { note: `工单 ${from} 未能合并，撤回其 ${before - t.requesters.length} 位诉求人` });
  return { ok: true, state: t, effects: [] };
}

/** A refused message changes nothing but its entry in the audit trail, marked rejected. */
export function refused(state: TicketState, action: string, ctx: Pick<DecisionContext, 'now' | 'actor' | 'via'>, reason: string): Decision {
  const t = cloneState(state);
  audit(t, action, ctx, { rejected: reason });
  return { ok: true, state: t, effects: [] };
}
