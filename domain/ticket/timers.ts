// The deadline rules that act by themselves when time passes: which one is due next, and what
// happens when it is. The workflow sleeps until `nextWakeAt` and then calls `fireDue`.
import type { CalendarData } from '../calendar';
import { audit, cloneState } from './decide';
import { assignUnit, close, followUpPending, rehandle, unsatisfiedThisRound } from './transitions';
import type { Effect } from './effects';
import type { DirectDispatchTarget } from './intake';
import { contactRoute } from './contact';
import { handlingStatuses, systemActor, TicketState } from './model';
import { waitingReminder } from './review';
import { escalationAt, nextCallWindow, replyReminderAt, TicketRules } from './rules';
import { SupervisionRules, supervisionTimers } from './supervision';

export interface TimerContext {
  rules: TicketRules;
  calendar: CalendarData;
  directDispatch?: DirectDispatchTarget;
  /**
   * Tickets that were waiting for sign-off before the reply clock ran to sign-off (the workflow's
   * `reply-sign-off-v1` patch) keep the old rule: the clock stopped at the handler's draft.
   */
  replyClockStopsAtDraft?: boolean;
  /**
   * Tickets handled before R4 was lifted for an anonymous requester without a phone (the workflow's
   * `contact-route-v1` patch) keep their first-contact reminder.
   */
  contactReminderForAnyone?: boolean;
  /** Pattern escalation thresholds (提级督办); set only for tickets that carry them (`supervision-v1` patch). */
  supervision?: SupervisionRules;
  /**
   * Tickets that waited for dispatch before the dispatch deadline was watched (the workflow's
   * `dispatch-due-v1` patch) keep waiting without a timer.
   */
  dispatchUnwatched?: boolean;
}

interface Timer {
  name: string;
  at: number;
  fire(t: TicketState, now: number, ctx: TimerContext): Effect[];
}

const at = (iso: string | undefined) => (iso ? Date.parse(iso) : undefined);
// R3 (seed 002 审签后反馈): the reply is given when the unit leader signs it off, so a reply waiting
// for sign-off is still chased; one sent back (rejectReply) is in handling again, its clock unchanged.
// Also through the review (R7), a status only tickets since two-step review reach.
const chasing = (t: TicketState, ctx: TimerContext) =>
  t.status === 'dispatched' ||
  handlingStatuses.includes(t.status) ||
  t.status === 'reply_review' ||
  (t.status === 'replied' && !ctx.replyClockStopsAtDraft);

function timers(t: TicketState, ctx: TimerContext): Timer[] {
  const list: Timer[] = [];
  const { deadlines: d, alerts } = t;

  // R1: a direct-dispatch matter nobody dispatched within 15 minutes goes to the catalog's unit.
  if (t.status === 'registered' && ctx.directDispatch && at(d.dispatchBy) !== undefined) {
    const target = ctx.directDispatch;
    list.push({
      name: 'directDispatch',
      at: at(d.dispatchBy)!,
      fire(t, now, ctx) {
        assignUnit(t, target.unit, [], { now, rules: ctx.rules, calendar: ctx.calendar }, false);
        return [
          { kind: 'notify', event: 'direct_dispatched', units: [target.unit], key: 'direct-dispatch' },
          {
            kind: 'notify',
            event: 'direct_dispatch_supervision',
            units: target.supervisors,
            key: 'direct-dispatch-supervision',
          },
        ];
      },
    });
  }

  // 按时派单率 (seed 000): the dispatch desk is reminded at the deadline, and the ticket marked.
  if (awaitsDispatch(t, ctx) && !ctx.dispatchUnwatched) {
    list.push({
      name: 'dispatchOverdue',
      at: at(d.dispatchBy)!,
      fire(t) {
        t.flags.dispatchOverdue = true;
        t.alerts.dispatchOverdue = true;
        return [{ kind: 'notify', event: 'dispatch_overdue', units: [], dispatchDesk: true, key: 'dispatch-overdue' }];
      },
    });
  }

  if (t.status === 'dispatched' && d.signBy && !alerts.signOverdue) {
    list.push({
      name: 'signOverdue',
      at: at(d.signBy)!,
      fire(t) {
        t.alerts.signOverdue = true;
        return [{ kind: 'notify', event: 'sign_overdue', units: [t.leadUnit!], key: `sign-overdue-${t.counters.dispatches}` }];
      },
    });
  }

  // R4 does not apply to a requester nobody can reach (anonymous, no phone): no reminder to contact them.
  const contactable = contactRoute(t) !== 'none' || ctx.contactReminderForAnyone;
  if (handlingStatuses.includes(t.status) && d.firstContactBy && !alerts.firstContactOverdue && contactable) {
    if (!t.contacts.some((c) => c.stage === 'first')) {
      list.push({
        name: 'firstContactOverdue',
        at: at(d.firstContactBy)!,
        fire(t) {
          t.alerts.firstContactOverdue = true;
          return [{ kind: 'notify', event: 'contact_overdue', units: [t.leadUnit!], key: `contact-overdue-${t.counters.dispatches}` }];
        },
      });
    }
  }

  if (chasing(t, ctx) && d.replyBy) {
    if (!alerts.replyReminder && alerts.escalationSteps === 0) {
      list.push({
        name: 'replyReminder',
        at: replyReminderAt(ctx.rules, d.replyBy),
        fire(t) {
          t.alerts.replyReminder = true;
          const committed = t.extension?.decision?.approved === true;
          return [
            {
              kind: 'notify',
              event: waitingReminder(t) ?? (committed ? 'commitment_reminder' : 'reply_reminder'),
              units: [t.leadUnit!],
              key: `reply-reminder-${t.counters.dispatches}-${t.counters.rehandles}-${d.replyBy}`,
            },
          ];
        },
      });
    }
    // R3 breach and R10 ladder: step 1 is the breach itself; each later step once, in order.
    const step = alerts.escalationSteps;
    if (step < ctx.rules.escalationLadder.length) {
      list.push({
        name: step === 0 ? 'replyOverdue' : 'escalation',
        at: escalationAt(ctx.rules, ctx.calendar, d.replyBy, step),
        fire(t, _now, ctx) {
          t.alerts.escalationSteps = step + 1;
          t.flags.escalationLevel = step + 1;
          t.flags.overdue = true;
          return [
            {
              kind: 'notify',
              event: 'escalation',
              units: [t.leadUnit!],
              supervisors: true,
              detail: ctx.rules.escalationLadder[step].label,
              key: `escalation-${t.counters.dispatches}-${t.counters.rehandles}-${step + 1}`,
            },
          ];
        },
      });
    }
  }

  if (t.status === 'designating' && d.designateBy && !alerts.designationOverdue) {
    list.push({
      name: 'designationOverdue',
      at: at(d.designateBy)!,
      fire(t) {
        t.alerts.designationOverdue = true;
        return [{ kind: 'notify', event: 'designation_overdue', units: [], supervisors: true, key: `designation-overdue-${t.counters.returns}` }];
      },
    });
  }

  if (t.status === 'follow_up' && t.followUp) {
    const fu = t.followUp;
    const { attempts, intervalMinutes } = ctx.rules.followUp;
    if (fu.queue === 'auto') {
      const n = t.counters.followUpAttempts;
      // Attempts are spaced from the previous call, so a call pushed to 08:00 does not bunch the next.
      const sinceStart = fu.lastCallAt ? Date.parse(fu.lastCallAt) + intervalMinutes * 60_000 : Date.parse(fu.startedAt);
      if (n < attempts) {
        list.push({
          name: 'followUpCall',
          at: nextCallWindow(ctx.rules, sinceStart),
          fire(t, now) {
            t.counters.followUpAttempts += 1;
            t.followUp!.lastCallAt = new Date(now).toISOString();
            return [{ kind: 'placeFollowUpCall', attempt: t.counters.followUpAttempts, requesters: followUpPending(t) }];
          },
        });
      } else {
        list.push({
          name: 'followUpToManual',
          at: sinceStart,
          fire(t) {
            // Automated calls exhausted: the follow-up agents call in person (seed 003).
            t.followUp!.queue = 'manual';
            return [];
          },
        });
      }
    }
    if (d.followUpBy) {
      list.push({
        name: 'followUpUnreachable',
        at: at(d.followUpBy)!,
        fire(t, now, ctx) {
          // A requester who did answer 'unsatisfied' still sends it back to the unit (R9, seed 002);
          // only when no such answer exists does the ticket close as unreachable.
          if (unsatisfiedThisRound(t)) return rehandle(t, { now, rules: ctx.rules, calendar: ctx.calendar });
          close(t, 'unreachable', now);
          return [];
        },
      });
    }
  }
  list.push(...supervisionTimers(t, ctx.supervision, ctx.calendar));
  return list;
}

/**
 * Whether the dispatch deadline is still to be watched: registered, not a direct-dispatch matter
 * (R1 dispatches those itself at the same deadline), not yet marked overdue.
 */
export const awaitsDispatch = (t: TicketState, ctx: Pick<TimerContext, 'directDispatch'>): boolean =>
  t.status === 'registered' && !ctx.directDispatch && t.deadlines.dispatchBy !== undefined && !t.flags.dispatchOverdue;

export function nextWakeAt(t: TicketState, ctx: TimerContext): number | undefined {
  const all = timers(t, ctx).map((x) => x.at);
  return all.length ? Math.min(...all) : undefined;
}

/** Applies every timed rule due at `now`, earliest first, re-evaluating after each one. */
export function fireDue(state: TicketState, now: number, ctx: TimerContext): { state: TicketState; effects: Effect[] } {
  let t = state;
  const effects: Effect[] = [];
  for (let guard = 0; guard < 100; guard++) {
    const due = timers(t, ctx)
      .filter((x) => x.at <= now)
      .sort((a, b) => a.at - b.at)[0];
    if (!due) break;
    if (t === state) t = cloneState(state);
    effects.push(...due.fire(t, now, ctx));
    audit(t, due.name, { now, actor: systemActor, via: 'timer' });
  }
  return { state: t, effects };
}
