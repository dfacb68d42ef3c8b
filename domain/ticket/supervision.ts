// Pattern escalation (提级督办, seed 004: "多人一诉""一人多诉"、久拖不决和多次重办的不满意诉求):
// a ticket that shows one of these patterns has its supervision level raised, and the supervision
// desk (督办) is told. The thresholds are the city's (the rules file's `supervision` block) and
// travel with the ticket as input (TicketInput.supervision). Pure: the workflow calls these.
import { addWorkingDays, type CalendarData } from '../calendar';
import { audit, cloneState, type Decision } from './decide';
import type { Effect } from './effects';
import { isTerminal, systemActor, type TicketState } from './model';

export const supervisionReasons = {
  many_requesters: '多人一诉',
  repeat_caller: '一人多诉',
  long_open: '久拖不决',
  repeated_unsatisfied: '多次重办仍不满意',
} as const;
export type SupervisionReason = keyof typeof supervisionReasons;
export const supervisionReasonKeys = Object.keys(supervisionReasons) as SupervisionReason[];

/** A ticket's copy of the thresholds, resolved at intake. */
export interface SupervisionRules {
  /** 多人一诉: this many requesters on one ticket (merged ones included). */
  manyRequesters: number;
  /** 一人多诉: this many tickets (this one included) from one caller within `repeatCallerDays` days. */
  repeatCallerTickets: number;
  repeatCallerDays: number;
  /** 久拖不决: still open this many working days after registration. */
  longOpenWorkingDays: number;
  /** 多次重办: sent back for re-handling (the citizen unsatisfied) this many times. */
  unsatisfiedRehandles: number;
}

export interface SupervisionMark {
  reason: SupervisionReason;
  at: string;
  /** The pattern in figures, in Chinese (mailed to the desk). */
  detail: string;
}

/** 提级督办: level 0 is ordinary supervision; every pattern the ticket shows raises it by one. */
export interface Supervision {
  level: number;
  reasons: SupervisionMark[];
}

export interface PatternFacts {
  now: number;
  calendar: CalendarData;
  /** 一人多诉: tickets of this ticket's caller in the window, this one included (from the ledger). */
  callerTickets?: number;
}

const has = (t: TicketState, r: SupervisionReason) => t.supervision?.reasons.some((m) => m.reason === r) === true;

/** When a ticket registered at `registeredAt` has been open too long (久拖不决). */
export const longOpenAt = (rules: SupervisionRules, calendar: CalendarData, registeredAt: string): number =>
  Date.parse(addWorkingDays(calendar, Date.parse(registeredAt), rules.longOpenWorkingDays).dueAt);

/** The patterns the ticket shows now and has not been escalated for yet. The pure rule. */
export function crossedPatterns(t: TicketState, rules: SupervisionRules, facts: PatternFacts): Omit<SupervisionMark, 'at'>[] {
  if (isTerminal(t.status)) return [];
  const out: Omit<SupervisionMark, 'at'>[] = [];
  const n = t.requesters.length;
  if (n >= rules.manyRequesters) out.push({ reason: 'many_requesters', detail: `同一诉求${n}人反映（提级阈值${rules.manyRequesters}人）` });
  if (facts.callerTickets !== undefined && facts.callerTickets >= rules.repeatCallerTickets) {
    out.push({
      reason: 'repeat_caller',
      detail: `同一来电人${rules.repeatCallerDays}天内反映${facts.callerTickets}件诉求（提级阈值${rules.repeatCallerTickets}件）`,
    });
  }
  if (facts.now >= longOpenAt(rules, facts.calendar, t.registeredAt)) {
    out.push({ reason: 'long_open', detail: `受理后${rules.longOpenWorkingDays}个工作日仍未办结` });
  }
  const r = t.counters.rehandles;
  if (r >= rules.unsatisfiedRehandles)
    out.push({ reason: 'repeated_unsatisfied', detail: `回访不满意已重办${r}次（提级阈值${rules.unsatisfiedRehandles}次）` });
  return out.filter((p) => !has(t, p.reason));
}

/** Marks the patterns on `t` (a clone, changed in place) and tells the desk and the lead unit. */
export function markSupervision(t: TicketState, patterns: Omit<SupervisionMark, 'at'>[], now: number): Effect[] {
  const at = new Date(now).toISOString();
  const reasons = [...(t.supervision?.reasons ?? []), ...patterns.map((p) => ({ ...p, at }))];
  t.supervision = { level: reasons.length, reasons };
  return patterns.map((p) => ({
    kind: 'notify',
    event: 'supervision_escalated',
    units: t.leadUnit ? [t.leadUnit] : [],
    supervisors: true,
    detail: `${supervisionReasons[p.reason]}：${p.detail}`,
    key: `supervision-${p.reason}`,
  }));
}

/** 一人多诉, once the ledger has counted the caller's tickets: escalate if the threshold is crossed. */
export function superviseCaller(state: TicketState, rules: SupervisionRules, facts: PatternFacts & { callerTickets: number }): Decision {
  const crossed = crossedPatterns(state, rules, facts).filter((p) => p.reason === 'repeat_caller');
  if (crossed.length === 0) return { ok: true, state, effects: [] };
  const t = cloneState(state);
  const effects = markSupervision(t, crossed, facts.now);
  audit(t, 'supervision', { now: facts.now, actor: systemActor, via: 'system' }, { note: crossed.map((p) => p.detail).join('；') });
  return { ok: true, state: t, effects };
}

/**
 * The per-ticket patterns as timed rules (domain/ticket/timers.ts): many requesters and repeated
 * re-handles are due as soon as they hold, 久拖不决 at its working-day deadline.
 */
export function supervisionTimers(t: TicketState, rules: SupervisionRules | undefined, calendar: CalendarData) {
  if (!rules || isTerminal(t.status)) return [];
  const due = (reason: SupervisionReason, at: number) => ({
    name: 'supervision',
    at,
    fire(t: TicketState, now: number): Effect[] {
      return markSupervision(
        t,
        crossedPatterns(t, rules, { now, calendar }).filter((p) => p.reason === reason),
        now,
      );
    },
  });
  const list = [];
  const registered = Date.parse(t.registeredAt);
  if (!has(t, 'many_requesters') && t.requesters.length >= rules.manyRequesters) list.push(due('many_requesters', registered));
  if (!has(t, 'repeated_unsatisfied') && t.counters.rehandles >= rules.unsatisfiedRehandles) list.push(due('repeated_unsatisfied', registered));
  if (!has(t, 'long_open')) list.push(due('long_open', longOpenAt(rules, calendar, t.registeredAt)));
  return list;
}
