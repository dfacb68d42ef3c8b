// The moves every handler and timer builds on: a status change, a new dispatch to a unit, a new
// round of handling (重办), the end of a ticket. They change the (cloned) state in place.
import type { CalendarData } from '../calendar';
import type { Effect } from './effects';
import { TicketState, TicketStatus, ticketStatuses } from './model';
import { faceToFaceRequired, firstContactDue, replyDue, returnDue, signDue, TicketRules } from './rules';

type Clock = { now: number; rules: TicketRules; calendar: CalendarData };

export const iso = (ms: number) => new Date(ms).toISOString();

export function setStatus(t: TicketState, status: TicketStatus): void {
  t.status = status;
  t.statusLabel = ticketStatuses[status];
}

/** A unit's working status: first handling or a re-handle (重办) round. */
export const workingStatus = (t: TicketState): TicketStatus => (t.counters.rehandles > 0 ? 'rehandling' : 'handling');

/** Deadlines moved: nothing is overdue, and every alert and ladder step may fire again. */
export function resetChase(t: TicketState): void {
  t.flags.overdue = false;
  t.flags.escalationLevel = 0;
  t.alerts = { escalationSteps: 0 };
}

/** A unit starts handling afresh (a dispatch, a re-handle): the previous round's work is gone. */
function startRound(t: TicketState): void {
  resetChase(t);
  t.contacts = [];
  t.visits = [];
  t.reply = undefined;
  t.extension = undefined;
}

/** New dispatch to a unit (派单, 转办, 定责, 会商结论, 直派): fresh deadlines for that unit. */
export function assignUnit(t: TicketState, unit: string, coUnits: string[], ctx: Clock, designated: boolean): void {
  t.leadUnit = unit;
  // 下派 is the previous lead's: a new lead passes the ticket down itself if it wants to.
  delete t.delegates;
  // 首接负责 (seeds 001, 004) is the first unit's: later transfers or a designation do not move it.
  t.firstUnit ??= unit;
  t.coUnits = coUnits.filter((u) => u !== unit);
  t.dispatchedAt = iso(ctx.now);
  t.signedAt = undefined;
  t.counters.dispatches += 1;
  t.flags.designated = designated;
  startRound(t);
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

/** 重办: back to the same unit, fresh deadline, the counter up (and R5 may now apply). */
export function rehandle(t: TicketState, ctx: Clock): Effect[] {
  t.counters.rehandles += 1;
  const rep = replyDue(ctx.rules, ctx.calendar, ctx.now, t.flags);
  t.deadlines = {
    dispatchBy: t.deadlines.dispatchBy,
    replyBy: rep.at,
    // R4 applies to every round: contact the citizen again promptly.
    firstContactBy: firstContactDue(ctx.rules, ctx.now, t.flags.urgent),
  };
  t.flags.provisionalDeadlines ||= rep.provisional;
  startRound(t);
  t.flags.faceToFaceRequired = faceToFaceRequired(ctx.rules, { ...t.flags, rehandles: t.counters.rehandles });
  t.followUp = undefined;
  setStatus(t, 'rehandling');
  return [{ kind: 'notify', event: 'rehandle', units: [t.leadUnit!], key: `rehandle-${t.counters.rehandles}` }];
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

/** Whether a requester answered 'unsatisfied' in the given follow-up round (default: the current one). */
export function unsatisfiedThisRound(t: TicketState, round = t.counters.rehandles): boolean {
  return t.followUps.some((f) => f.round === round && f.satisfaction === 'unsatisfied');
}

export function close(t: TicketState, closure: NonNullable<TicketState['outcome']>['closure'], now: number): void {
  setStatus(t, 'closed');
  t.closedAt = iso(now);
  t.outcome = { ...t.outcome, closure };
  t.deadlines.followUpBy = undefined;
}

/** Ends a ticket without handling (咨询直答, 超出职责范围, 移交应急, 合并, 转外市). */
export function end(t: TicketState, status: TicketStatus, outcome: NonNullable<TicketState['outcome']>, now: number): void {
  t.outcome = outcome;
  setStatus(t, status);
  t.closedAt = iso(now);
}
