// Every number of the 接诉即办 rules, with the rule of docs/RULES.md it comes from, and the
// deadlines computed from them. The defaults are the seeds' cities'; a city's own come from its
// rules file (HOTLINE_RULES, domain/rules-schema.ts), resolved into this shape per ticket at intake.
// A ticket receives its rules as workflow input, so a later change of configuration never
// alters a running ticket's history (determinism); new tickets pick the new values up.
import { addWorkingDays, CalendarData, endOfBeijingDate, startOfBeijingDay } from '../calendar';

export interface EscalationStep {
  /** Working days after the reply deadline at which this step is taken (0 = at the breach). */
  afterWorkingDays: number;
  /** The measure, in the ladder's wording (mailed to the unit). */
  label: string;
}

export interface TicketRules {
  /** R1 (seed 004): urgent catalog matters are dispatched within 15 minutes, by the system if need be. */
  directDispatchMinutes: number;
  /** On-time dispatch rate (seed 000): the dispatch deadline of other tickets. */
  dispatchMinutes: number;
  /** Sign-for (签收) deadline, per urgency (seed 000: timely sign-for rate). */
  signMinutes: { urgent: number; normal: number };
  /** R2 (seed 002): a unit may return a ticket within 1 working day of dispatch. */
  returnWorkingDays: number;
  /** Set by a city that counts the return window in wall-clock hours: replaces returnWorkingDays. */
  returnHours?: number;
  /** R11 (seed 004): disputed responsibility is settled within 3 working days. */
  designateWorkingDays: number;
  /** Set by a city that counts designation in wall-clock hours: replaces designateWorkingDays. */
  designateHours?: number;
  /** R4 (seed 002): first effective contact "immediately on receipt"; hours after sign-for. */
  firstContactHours: { urgent: number; normal: number };
  /** R3 (seed 002): reply within 4 working days of dispatch. */
  replyWorkingDays: number;
  /**
   * Set by a city that counts the reply deadline in wall-clock time (Beijing: 24 h for water,
   * power, gas and heating, 7 days in general): replaces replyWorkingDays.
   */
  replyHours?: number;
  /**
   * Optional: urgent tickets answer within this many hours instead of working days (many hotlines
   * set 紧急诉求 hour limits; the sources give no number, so it is off by default).
   */
  urgentReplyHours?: number;
  /**
   * R16 (seed 001): provincial-platform tickets have their deadlines cut by 50% (working days
   * rounded up to whole days; wall-clock hours cut exactly).
   */
  provincialFactor: number;
  /** Reminder this many hours before the reply deadline. */
  replyReminderHours: number;
  /** R10 (seeds 002, 004): what happens after the reply deadline passes. */
  escalationLadder: EscalationStep[];
  /** R5 (seed 002): re-handled this many times or more → on-site handling required. */
  faceToFaceRehandles: number;
  /**
   * R7 (seed 002 审核 … 审签): units without a separate reviewer (处室负责人), whose leader signs a
   * reply off alone; every other unit's reply is reviewed, then signed off. Absent on tickets
   * started before the setting existed: none.
   */
  singleStepSignOffUnits?: string[];
  /** R9 (seed 003): follow-up calls. */
  followUp: {
    attempts: number;
    intervalMinutes: number;
    /** Calls only between these Beijing hours (no calls at night). */
    windowStartHour: number;
    windowEndHour: number;
    /** After this long with no result the ticket closes as unreachable (无法联系). */
    unreachableAfterHours: number;
    provider: 'voice' | 'link' | 'manual';
  };
}

export const defaultRules: TicketRules = {
  directDispatchMinutes: 15,
  dispatchMinutes: 120,
  signMinutes: { urgent: 30, normal: 120 },
  returnWorkingDays: 1,
  designateWorkingDays: 3,
  firstContactHours: { urgent: 2, normal: 24 },
  replyWorkingDays: 4,
  provincialFactor: 0.5,
  replyReminderHours: 24,
  escalationLadder: [
    { afterWorkingDays: 0, label: '超期催办：电话催办' },
    { afterWorkingDays: 1, label: '书面催办：发送提示函' },
    { afterWorkingDays: 3, label: '提级督办：召开协调会' },
    { afterWorkingDays: 5, label: '公开曝光并列入督办事项' },
  ],
  faceToFaceRehandles: 2,
  singleStepSignOffUnits: [],
  followUp: {
    attempts: 3,
    intervalMinutes: 60,
    windowStartHour: 8,
    windowEndHour: 21,
    unreachableAfterHours: 72,
    provider: 'manual',
  },
};

const MINUTE = 60_000;
const iso = (ms: number): string => new Date(ms).toISOString();

export interface Due {
  at: string;
  provisional: boolean;
}

/** Shortens a working-day span for provincial tickets: 4 → 2, 1 → 1 (R16, rounded up). */
export function workingDaysFor(rules: TicketRules, days: number, provincial: boolean): number {
  return provincial ? Math.max(1, Math.ceil(days * rules.provincialFactor)) : days;
}

function workingDaysAfter(cal: CalendarData, from: number, days: number): Due {
  const due = addWorkingDays(cal, from, days);
  return { at: due.dueAt, provisional: due.provisional };
}

const hoursAfter = (from: number, hours: number): Due => ({ at: iso(from + hours * 60 * MINUTE), provisional: false });

/** A span in working days, unless the city set it in wall-clock hours; R16 shortens either. */
function spanAfter(rules: TicketRules, cal: CalendarData, from: number, span: { workingDays: number; hours?: number }, provincial: boolean): Due {
  if (span.hours === undefined) return workingDaysAfter(cal, from, workingDaysFor(rules, span.workingDays, provincial));
  return hoursAfter(from, provincial ? span.hours * rules.provincialFactor : span.hours);
}

export const dispatchDue = (rules: TicketRules, registeredAt: number, direct: boolean): string =>
  iso(registeredAt + (direct ? rules.directDispatchMinutes : rules.dispatchMinutes) * MINUTE);

export const signDue = (rules: TicketRules, dispatchedAt: number, urgent: boolean): string =>
  iso(dispatchedAt + (urgent ? rules.signMinutes.urgent : rules.signMinutes.normal) * MINUTE);

export const firstContactDue = (rules: TicketRules, signedAt: number, urgent: boolean): string =>
  iso(signedAt + (urgent ? rules.firstContactHours.urgent : rules.firstContactHours.normal) * 60 * MINUTE);

export const returnDue = (rules: TicketRules, cal: CalendarData, dispatchedAt: number, provincial: boolean): Due =>
  spanAfter(rules, cal, dispatchedAt, { workingDays: rules.returnWorkingDays, hours: rules.returnHours }, provincial);

export const replyDue = (rules: TicketRules, cal: CalendarData, from: number, t: { provincial: boolean; urgent: boolean }): Due =>
  t.urgent && rules.urgentReplyHours !== undefined
    ? hoursAfter(from, rules.urgentReplyHours)
    : spanAfter(rules, cal, from, { workingDays: rules.replyWorkingDays, hours: rules.replyHours }, t.provincial);

/** R11: designation is not shortened for provincial tickets (the city settles it, not the unit). */
export const designateDue = (rules: TicketRules, cal: CalendarData, from: number): Due =>
  spanAfter(rules, cal, from, { workingDays: rules.designateWorkingDays, hours: rules.designateHours }, false);

export const replyReminderAt = (rules: TicketRules, replyBy: string): number => Date.parse(replyBy) - rules.replyReminderHours * 60 * MINUTE;

/** When escalation step `index` (0-based) is due, counted in working days after the reply deadline. */
export function escalationAt(rules: TicketRules, cal: CalendarData, replyBy: string, index: number): number {
  const step = rules.escalationLadder[index];
  if (step.afterWorkingDays === 0) return Date.parse(replyBy);
  // The deadline is 24:00 of its day; N working days later is 24:00 of the Nth working day after.
  return Date.parse(addWorkingDays(cal, Date.parse(replyBy) - 1, step.afterWorkingDays).dueAt);
}

/** The end (24:00 Beijing) of a Beijing calendar date given as YYYY-MM-DD. */
export function endOfBeijingDay(date: string): string {
  return iso(endOfBeijingDate(date));
}

/** The first instant at or after `t` inside the follow-up calling window (Beijing hours). */
export function nextCallWindow(rules: TicketRules, t: number): number {
  const { windowStartHour: start, windowEndHour: end } = rules.followUp;
  const HOUR = 60 * MINUTE;
  const dayStart = startOfBeijingDay(t);
  const hour = (t - dayStart) / HOUR;
  if (hour < start) return dayStart + start * HOUR;
  if (hour >= end) return dayStart + (24 + start) * HOUR;
  return t;
}

export const faceToFaceRequired = (rules: TicketRules, t: { provincial: boolean; jsbl: boolean; rehandles: number }): boolean =>
  t.provincial || t.jsbl || t.rehandles >= rules.faceToFaceRehandles;
