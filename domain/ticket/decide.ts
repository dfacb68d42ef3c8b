// state × command → new state (and effects), or a rejection with a reason. Pure and synchronous:
// the workflow calls it from update validators and handlers, the tests call it directly.
import type { CalendarData } from '../calendar';
import { actions, ActionInput, ActionName } from './actions';
import type { Effect } from './effects';
import type { DirectDispatchTarget } from './intake';
import {
  Actor,
  AuditEntry,
  handlingStatuses,
  isTerminal,
  Requester,
  TicketState,
  TicketStatus,
  ticketStatuses,
} from './model';
import {
  designateDue,
  endOfBeijingDay,
  faceToFaceRequired,
  firstContactDue,
  replyDue,
  returnDue,
  signDue,
  TicketRules,
} from './rules';

export interface DecisionContext {
  now: number;
  actor: Actor;
  rules: TicketRules;
  calendar: CalendarData;
  via: AuditEntry['via'];
  /** For direct-dispatch categories: who supervises, copied on any dispatch (seed 004). */
  directDispatch?: DirectDispatchTarget;
}

export type RejectionCode = 'invalid' | 'forbidden' | 'conflict';
export type Decision =
  | { ok: true; state: TicketState; effects: Effect[] }
  | { ok: false; code: RejectionCode; reason: string; status: TicketStatus; details?: FieldIssue[] };
export interface FieldIssue {
  path: string;
  message: string;
}

class Rejection extends Error {
  constructor(
    readonly code: RejectionCode,
    message: string,
  ) {
    super(message);
  }
}
const conflict = (reason: string): never => {
  throw new Rejection('conflict', reason);
};

const iso = (ms: number) => new Date(ms).toISOString();
const label = (s: TicketStatus) => `${s}（${ticketStatuses[s]}）`;

export function setStatus(t: TicketState, status: TicketStatus): void {
  t.status = status;
  t.statusLabel = ticketStatuses[status];
}

function requireStatus(t: TicketState, allowed: readonly TicketStatus[], what: string): void {
  if (!allowed.includes(t.status)) {
    conflict(`${what}：当前状态为 ${label(t.status)}，只能在 ${allowed.map(label).join('、')} 时进行`);
  }
}

/** Whether `actor` may take `action` on `t` at all (role and unit scope), ignoring status. */
export function authorize(t: TicketState, action: ActionName, actor: Actor): string | undefined {
  const a = actions[action];
  if (!a.roles.includes(actor.role)) return `角色 ${actor.role} 无权执行「${a.label}」`;
  if ((actor.role === 'handler' || actor.role === 'unit_leader') && a.unitScope) {
    const own = actor.unit !== undefined && actor.unit === t.leadUnit;
    const co = actor.unit !== undefined && t.coUnits.includes(actor.unit);
    if (a.unitScope === 'lead' && !own) return `「${a.label}」只能由主办单位执行（本单 主办：${t.leadUnit ?? '无'}）`;
    if (a.unitScope === 'involved' && !own && !co) return `本单位不是该工单的主办或协办单位`;
  }
  return undefined;
}

/** A unit's working status: first handling or a re-handle (重办) round. */
const workingStatus = (t: TicketState): TicketStatus => (t.counters.rehandles > 0 ? 'rehandling' : 'handling');

/** New dispatch to a unit (派单, 转办, 定责, 会商结论): fresh deadlines for that unit. */
export function assignUnit(
  t: TicketState,
  unit: string,
  coUnits: string[],
  ctx: Pick<DecisionContext, 'now' | 'rules' | 'calendar'>,
  designated: boolean,
): void {
  t.leadUnit = unit;
  t.coUnits = coUnits.filter((u) => u !== unit);
  t.dispatchedAt = iso(ctx.now);
  t.signedAt = undefined;
  t.counters.dispatches += 1;
  t.flags.designated = designated;
  t.flags.overdue = false;
  t.flags.escalationLevel = 0;
  t.alerts = { escalationSteps: 0 };
  t.contacts = [];
  t.visits = [];
  t.reply = undefined;
  t.extension = undefined;
  const ret = returnDue(ctx.rules, ctx.calendar, ctx.now, t.flags.provincial);
  const rep = replyDue(ctx.rules, ctx.calendar, ctx.now, t.flags);
  t.deadlines = {
    dispatchBy: t.deadlines.dispatchBy,
    signBy: signDue(ctx.rules, ctx.now, t.flags.urgent),
    returnBy: designated ? undefined : ret.at,
    replyBy: rep.at,
  };
  t.flags.provisionalDeadlines ||= ret.provisional || rep.provisional;
  setStatus(t, 'dispatched');
}

/** Requesters who get a follow-up call: not declined, not already rated on the platform. */
export function followUpEligible(t: TicketState): number[] {
  return t.requesters.flatMap((r, i) => (r.followUp && !r.alreadyRated ? [i] : []));
}

export function followUpPending(t: TicketState): number[] {
  const round = t.counters.rehandles;
  const answered = new Set(t.followUps.filter((f) => f.round === round).map((f) => f.requester));
  return followUpEligible(t).filter((i) => !answered.has(i));
}

export function close(t: TicketState, closure: NonNullable<TicketState['outcome']>['closure'], now: number): void {
  setStatus(t, 'closed');
  t.closedAt = iso(now);
  t.outcome = { ...t.outcome, closure };
  t.deadlines.followUpBy = undefined;
}

/** Whether a requester answered 'unsatisfied' in the current follow-up round. */
export function unsatisfiedThisRound(t: TicketState): boolean {
  const round = t.counters.rehandles;
  return t.followUps.some((f) => f.round === round && f.satisfaction === 'unsatisfied');
}

/** 重办: back to the same unit, fresh deadline, the counter up (and R5 may now apply). */
export function rehandle(t: TicketState, ctx: Pick<DecisionContext, 'now' | 'rules' | 'calendar'>): Effect[] {
  t.counters.rehandles += 1;
  const rep = replyDue(ctx.rules, ctx.calendar, ctx.now, t.flags);
  t.deadlines = {
    dispatchBy: t.deadlines.dispatchBy,
    replyBy: rep.at,
    // R4 applies to every round: contact the citizen again promptly.
    firstContactBy: firstContactDue(ctx.rules, ctx.now, t.flags.urgent),
  };
  t.flags.provisionalDeadlines ||= rep.provisional;
  t.flags.overdue = false;
  t.flags.escalationLevel = 0;
  t.alerts = { escalationSteps: 0 };
  t.flags.faceToFaceRequired = faceToFaceRequired(ctx.rules, { ...t.flags, rehandles: t.counters.rehandles });
  t.contacts = [];
  t.visits = [];
  t.reply = undefined;
  t.extension = undefined;
  t.followUp = undefined;
  setStatus(t, 'rehandling');
  return [{ kind: 'notify', event: 'rehandle', units: [t.leadUnit!], key: `rehandle-${t.counters.rehandles}` }];
}

/** Ends a ticket without handling (咨询直答, 超出职责范围, 移交应急, 合并, 转外市). */
function end(t: TicketState, status: TicketStatus, outcome: NonNullable<TicketState['outcome']>, now: number): void {
  t.outcome = outcome;
  setStatus(t, status);
  t.closedAt = iso(now);
}

type Handler<A extends ActionName> = (t: TicketState, input: ActionInput<A>, ctx: DecisionContext) => Effect[];

const beforeHandling: TicketStatus[] = ['registered', 'returned'];
const open = (t: TicketState) => !isTerminal(t.status);

const handlers: { [A in ActionName]: Handler<A> } = {
  dispatch(t, input, ctx) {
    requireStatus(t, beforeHandling, '派单');
    assignUnit(t, input.unit, input.coUnits ?? [], ctx, false);
    return [
      { kind: 'notify', event: 'dispatched', units: [input.unit], key: `dispatch-${t.counters.dispatches}` },
      // A direct-dispatch matter asks the county government and city department to supervise
      // "at the same time", whoever dispatches it (seed 004).
      ...(ctx.directDispatch && t.counters.dispatches === 1
        ? [{ kind: 'notify' as const, event: 'direct_dispatch_supervision' as const, units: ctx.directDispatch.supervisors, key: 'direct-dispatch-supervision' }]
        : []),
      ...(t.coUnits.length
        ? [{ kind: 'notify' as const, event: 'co_dispatched' as const, units: t.coUnits, key: `co-${t.counters.dispatches}` }]
        : []),
    ];
  },

  sign(t, _input, ctx) {
    requireStatus(t, ['dispatched'], '签收');
    t.signedAt = iso(ctx.now);
    t.deadlines.firstContactBy = firstContactDue(ctx.rules, ctx.now, t.flags.urgent);
    setStatus(t, workingStatus(t));
    return [];
  },

  return(t, input, ctx) {
    requireStatus(t, ['dispatched', 'handling'], '回退');
    if (t.flags.designated) conflict('该工单已定责指派，承办单位不得回退（首接负责）');
    if (t.deadlines.returnBy && ctx.now > Date.parse(t.deadlines.returnBy)) {
      conflict(`回退期限（派单后1个工作日，至 ${t.deadlines.returnBy}）已过，须继续办理`);
    }
    t.counters.returns += 1;
    t.returnedBy.push(t.leadUnit!);
    t.leadUnit = undefined;
    t.coUnits = [];
    t.signedAt = undefined;
    t.deadlines = { dispatchBy: t.deadlines.dispatchBy };
    t.alerts = { escalationSteps: 0 };
    t.flags.overdue = false;
    t.flags.escalationLevel = 0;
    // R11: a disputed return, or the second return of one ticket, goes to responsibility designation.
    if (input.disputed || t.counters.returns >= 2) {
      const due = designateDue(ctx.rules, ctx.calendar, ctx.now);
      t.deadlines.designateBy = due.at;
      t.flags.provisionalDeadlines ||= due.provisional;
      setStatus(t, 'designating');
    } else {
      setStatus(t, 'returned');
    }
    return [];
  },

  transfer(t, input, ctx) {
    requireStatus(t, ['dispatched', 'handling', 'returned', 'designating'], '转办');
    if (input.unit === t.leadUnit) conflict(`工单已由 ${input.unit} 主办，无需转办`);
    t.counters.transfers += 1;
    // Moving a ticket whose responsibility was settled (or being settled) keeps it settled.
    assignUnit(t, input.unit, t.coUnits, ctx, t.flags.designated || t.status === 'designating');
    return [{ kind: 'notify', event: 'transferred', units: [input.unit], key: `transfer-${t.counters.dispatches}` }];
  },

  designate(t, input, ctx) {
    requireStatus(t, ['designating', 'returned'], '定责指派');
    assignUnit(t, input.unit, [], ctx, true);
    return [{ kind: 'notify', event: 'designated', units: [input.unit], key: `designate-${t.counters.dispatches}` }];
  },

  contact(t, input, ctx) {
    requireStatus(t, handlingStatuses, '联系诉求人');
    const hasFirst = t.contacts.some((c) => c.stage === 'first');
    if (input.stage === 'first' && hasFirst) conflict('本轮办理已登记首次联系');
    if (input.stage === 'final' && !hasFirst) conflict('须先登记首次联系（两次有效联系），再登记办结后联系');
    t.contacts.push({ stage: input.stage, method: input.method, note: input.note, at: iso(ctx.now), by: ctx.actor.id });
    return [];
  },

  visit(t, input, ctx) {
    requireStatus(t, handlingStatuses, '现场见面');
    t.visits.push({ at: iso(ctx.now), by: ctx.actor.id, note: input.note });
    return [];
  },

  requestExtension(t, input, ctx) {
    requireStatus(t, ['handling', 'rehandling'], '申请延期');
    const until = endOfBeijingDay(input.until);
    if (t.deadlines.replyBy && Date.parse(until) <= Date.parse(t.deadlines.replyBy)) {
      conflict(`延期日期须晚于当前答复期限 ${t.deadlines.replyBy}`);
    }
    t.extension = {
      reason: input.reason,
      commitment: input.commitment,
      until: input.until,
      requestedAt: iso(ctx.now),
      requestedBy: ctx.actor.id,
      resumeStatus: t.status,
    };
    setStatus(t, 'extension_requested');
    return [];
  },

  decideExtension(t, input, ctx) {
    requireStatus(t, ['extension_requested'], '延期审批');
    const ext = t.extension!;
    ext.decision = { approved: input.approve, note: input.note, at: iso(ctx.now), by: ctx.actor.id };
    setStatus(t, ext.resumeStatus);
    if (input.approve) {
      // R6: a registered, tracked commitment; the reply deadline moves to the end of the promised day.
      const dueAt = endOfBeijingDay(ext.until);
      t.deadlines.replyBy = dueAt;
      t.deadlines.extensionUntil = dueAt;
      t.commitments.push({ text: ext.commitment, dueAt, registeredAt: iso(ctx.now) });
      // The commitment is the deadline now: its reminder, breach and ladder start afresh.
      t.alerts = { ...t.alerts, replyReminder: false, escalationSteps: 0 };
      t.flags.overdue = false;
      t.flags.escalationLevel = 0;
    }
    return [
      {
        kind: 'notify',
        event: input.approve ? 'extension_approved' : 'extension_rejected',
        units: [t.leadUnit!],
        detail: input.note,
        key: `extension-${ext.requestedAt}`,
      },
    ];
  },

  reply(t, input, ctx) {
    requireStatus(t, ['handling', 'rehandling'], '答复');
    const stages = new Set(t.contacts.map((c) => c.stage));
    if (!stages.has('first') || !stages.has('final')) {
      conflict('答复前须完成两次有效联系（接单后首次联系、办结后反馈联系）');
    }
    if (t.flags.faceToFaceRequired && t.visits.length === 0) {
      conflict('本工单须现场办理（三个见面），答复前须登记与诉求人的现场见面');
    }
    if (!input.solved && !input.basis) conflict('未解决的诉求须在答复中说明政策依据（basis）');
    t.reply = {
      content: input.content,
      handlerName: input.handlerName,
      handlerPhone: input.handlerPhone,
      solved: input.solved,
      basis: input.basis,
      at: iso(ctx.now),
      by: ctx.actor.id,
      onTime: !t.deadlines.replyBy || ctx.now <= Date.parse(t.deadlines.replyBy),
    };
    setStatus(t, 'replied');
    return [];
  },

  approveReply(t, input, ctx) {
    requireStatus(t, ['replied'], '审签');
    t.reply!.review = { approved: true, note: input.note, at: iso(ctx.now), by: ctx.actor.id };
    // R9: follow up everyone who did not decline and has not rated already; nobody left → closed.
    if (followUpEligible(t).length === 0) {
      close(t, 'no_follow_up', ctx.now);
      return [];
    }
    setStatus(t, 'follow_up');
    const manual = ctx.rules.followUp.provider === 'manual';
    t.followUp = { startedAt: iso(ctx.now), queue: manual ? 'manual' : 'auto', round: t.counters.rehandles };
    t.counters.followUpAttempts = 0;
    t.deadlines.followUpBy = iso(ctx.now + ctx.rules.followUp.unreachableAfterHours * 3_600_000);
    return [];
  },

  rejectReply(t, input, ctx) {
    requireStatus(t, ['replied'], '审签退回');
    t.reply!.review = { approved: false, note: input.note, at: iso(ctx.now), by: ctx.actor.id };
    setStatus(t, workingStatus(t));
    return [
      { kind: 'notify', event: 'reply_rejected', units: [t.leadUnit!], detail: input.note, key: `reject-${t.reply!.at}` },
    ];
  },

  followUp(t, input, ctx) {
    requireStatus(t, ['follow_up'], '回访');
    const pending = followUpPending(t);
    const who = input.requester ?? pending[0];
    if (who === undefined || !pending.includes(who)) {
      conflict(`诉求人 #${who} 不在本轮待回访名单中（待回访：${pending.join('、') || '无'}）`);
    }
    const round = t.counters.rehandles;
    t.followUps.push({ requester: who, ...pick(input), at: iso(ctx.now), by: ctx.actor.id, round });
    if (pending.length > 1) return [];
    if (unsatisfiedThisRound(t)) return rehandle(t, ctx);
    close(t, 'satisfied', ctx.now);
    return [];
  },

  closeNonCompliant(t, input, ctx) {
    requireStatus(t, ['follow_up', 'rehandling'], '不合理诉求办结');
    const round = t.status === 'rehandling' ? t.counters.rehandles - 1 : t.counters.rehandles;
    const unsatisfied = t.followUps.some((f) => f.round === round && f.satisfaction === 'unsatisfied');
    if (!unsatisfied) conflict('只有回访不满意、经解释说明和调解的工单才能按不合理诉求办结');
    t.outcome = { ...t.outcome, reason: input.reason };
    close(t, 'non_compliant', ctx.now);
    return [];
  },

  urge(t, input, _ctx) {
    requireStatus(t, ['dispatched', 'designating', 'replied', ...handlingStatuses], '催办');
    t.counters.urges += 1;
    return t.leadUnit
      ? [{ kind: 'notify', event: 'urged', units: [t.leadUnit], detail: input.note, key: `urge-${t.counters.urges}` }]
      : [];
  },

  consultation(t, input, ctx) {
    if (!open(t)) conflict(`工单已结束（${label(t.status)}），不能召开会商`);
    t.consultations.push({
      topic: input.topic,
      participants: input.participants,
      at: input.at,
      convenedAt: iso(ctx.now),
      convenedBy: ctx.actor.id,
    });
    return [
      {
        kind: 'notify',
        event: 'consultation',
        units: input.participants,
        detail: `${input.topic}（${input.at}）`,
        key: `consultation-${t.consultations.length}`,
      },
    ];
  },

  consultationOutcome(t, input, ctx) {
    if (!open(t)) conflict(`工单已结束（${label(t.status)}）`);
    const meeting = [...t.consultations].reverse().find((c) => !c.outcome);
    if (!meeting) conflict('没有待出结论的联席会商');
    meeting!.outcome = { summary: input.summary, unit: input.unit, at: iso(ctx.now), by: ctx.actor.id };
    if (!input.unit) return [];
    // The meeting settled who handles it: that unit receives the ticket as designated.
    requireStatus(t, ['registered', 'returned', 'designating', 'dispatched', ...handlingStatuses], '会商定责');
    assignUnit(t, input.unit, [], ctx, true);
    return [{ kind: 'notify', event: 'designated', units: [input.unit], key: `designate-${t.counters.dispatches}` }];
  },

  merge(t, input, ctx) {
    requireStatus(t, beforeHandling, '合并');
    if (input.into === t.id) conflict('不能合并到本工单自身');
    end(t, 'merged', { mergedInto: input.into }, ctx.now);
    return [{ kind: 'mergeInto', target: input.into, requesters: t.requesters.map((r) => ({ ...r, fromTicket: r.fromTicket ?? t.id })) }];
  },

  answer(t, input, ctx) {
    requireStatus(t, ['registered'], '咨询直答');
    end(t, 'answered', { answer: input.answer }, ctx.now);
    return [];
  },

  outOfScope(t, input, ctx) {
    requireStatus(t, ['registered'], '超出职责范围');
    end(t, 'out_of_scope', { outOfScope: { situation: input.situation, explanation: input.explanation } }, ctx.now);
    return [];
  },

  handOff(t, input, ctx) {
    requireStatus(t, ['registered'], '移交应急');
    end(t, 'handed_off', { handOff: { service: input.service, note: input.note } }, ctx.now);
    return [];
  },

  whistle(t, input, _ctx) {
    requireStatus(t, handlingStatuses, '吹哨');
    if (input.department === t.leadUnit || t.coUnits.includes(input.department)) {
      conflict(`${input.department} 已是本工单的承办单位`);
    }
    t.coUnits.push(input.department);
    return [
      { kind: 'notify', event: 'whistle', units: [input.department], detail: input.note, key: `whistle-${input.department}` },
    ];
  },

  transferOut(t, input, ctx) {
    requireStatus(t, beforeHandling, '转外市');
    end(t, 'transferred_out', { transferredOut: { city: input.city, reference: input.reference } }, ctx.now);
    return [];
  },

  note(t, _input, _ctx) {
    if (!open(t)) conflict(`工单已结束（${label(t.status)}）`);
    return [];
  },
};

function pick(input: ActionInput<'followUp'>) {
  return { satisfaction: input.satisfaction, resolved: input.resolved, note: input.note };
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
    seq: t.history.length + 1,
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
  if (!def) return { ok: false, code: 'invalid', reason: `未知操作 ${String(action)}`, status: state.status };
  const parsed = def.schema.safeParse(rawInput ?? {});
  if (!parsed.success) {
    const details = parsed.error.issues.map((i) => ({ path: i.path.join('.') || '(body)', message: i.message }));
    return {
      ok: false,
      code: 'invalid',
      reason: `「${def.label}」参数无效：${details.map((d) => `${d.path}: ${d.message}`).join('; ')}`,
      status: state.status,
      details,
    };
  }
  const forbidden = authorize(state, action, ctx.actor);
  if (forbidden) return { ok: false, code: 'forbidden', reason: forbidden, status: state.status };
  if (isTerminal(state.status) && action !== 'note') {
    return { ok: false, code: 'conflict', reason: `工单已结束：${label(state.status)}`, status: state.status };
  }
  const t = cloneState(state);
  try {
    const effects = (handlers[action] as Handler<ActionName>)(t, parsed.data as never, ctx);
    audit(t, action, ctx, { note: auditNote(parsed.data as Record<string, unknown>) });
    return { ok: true, state: t, effects };
  } catch (err) {
    if (err instanceof Rejection) return { ok: false, code: err.code, reason: err.message, status: state.status };
    throw err;
  }
}

/** Adds the requesters of a ticket merged into this one (多人一诉). */
export function addRequesters(state: TicketState, requesters: Requester[], ctx: Pick<DecisionContext, 'now' | 'actor' | 'via'>, from: string): Decision {
  if (isTerminal(state.status)) {
    return { ok: false, code: 'conflict', reason: `目标工单已结束：${label(state.status)}`, status: state.status };
  }
  const t = cloneState(state);
  t.requesters.push(...requesters.map((r) => ({ ...r, addedAt: iso(ctx.now) })));
  audit(t, 'merged', ctx, { note: `合并工单 ${from}（${requesters.length} 位诉求人）` });
  return { ok: true, state: t, effects: [] };
}

/** Takes back the requesters a ticket sent by a merge that was then refused after all (R13). */
export function withdrawRequesters(state: TicketState, from: string, ctx: Pick<DecisionContext, 'now' | 'actor' | 'via'>): Decision {
  const t = cloneState(state);
  const before = t.requesters.length;
  t.requesters = t.requesters.filter((r) => r.fromTicket !== from);
  audit(t, 'mergeWithdrawn', ctx, { note: `工单 ${from} 未能合并，撤回其 ${before - t.requesters.length} 位诉求人` });
  return { ok: true, state: t, effects: [] };
}

/** A refused message changes nothing but its entry in the audit trail, marked rejected. */
export function refused(state: TicketState, action: string, ctx: Pick<DecisionContext, 'now' | 'actor' | 'via'>, reason: string): Decision {
  const t = cloneState(state);
  audit(t, action, ctx, { rejected: reason });
  return { ok: true, state: t, effects: [] };
}
