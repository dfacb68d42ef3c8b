// A city's rule book: its rules, the overrides per category and request type, and how one ticket's rules are
// resolved from them at intake. The result is the flat TicketRules the workflow takes as input,
// unchanged in shape, so running tickets and recorded histories keep theirs. Pure module.
import type { TicketRules } from './ticket/rules';
import type { SupervisionRules } from './ticket/supervision';
import {
  ClockSpan,
  crossFieldIssues,
  DeadlineSpan,
  RuleMatch,
  RuleOverride,
  RulesConfig,
  RulesFile,
  RulesPatch,
  SupervisionRulesConfig,
} from './rules-schema';

export interface RuleBook {
  rules: RulesConfig;
  overrides: RuleOverride[];
  /** From HOTLINE_FOLLOW_UP_PROVIDER: which follow-up channel the deployment has, not a rule. */
  provider: TicketRules['followUp']['provider'];
  /** Pattern escalation thresholds (提级督办), the same for every ticket; absent: none. */
  supervision?: SupervisionRules;
}

/** What an override can match on: the ticket's category, and its request type when it has one. */
export type RuleSubject = { category: string; requestType?: string };

/** The rules a new ticket starts with, resolved for it (the API's intake takes this). */
export type RulesFor = (subject: RuleSubject) => TicketRules;

export const ruleBook = (file: RulesFile, provider: RuleBook['provider']): RuleBook => ({
  rules: file.rules,
  overrides: file.overrides,
  provider,
  ...(file.supervision && { supervision: toSupervisionRules(file.supervision) }),
});

export const toSupervisionRules = (s: SupervisionRulesConfig): SupervisionRules => ({
  manyRequesters: s.manyRequesters,
  repeatCallerTickets: s.repeatCaller.tickets,
  repeatCallerDays: s.repeatCaller.within.days,
  longOpenWorkingDays: s.longOpen.workingDays,
  unsatisfiedRehandles: s.unsatisfiedRehandles,
});

const matches = (when: RuleMatch, subject: RuleSubject): boolean =>
  (Object.keys(when) as (keyof RuleMatch)[]).every((k) => when[k] === undefined || when[k] === subject[k]);

/**
 * Category and request type > category > request type: what is to be done about a matter (the
 * category: a water outage) says more about how long it takes than what kind of request it is.
 */
const specificity = (w: RuleMatch): number => (w.category !== undefined ? 2 : 0) + (w.requestType !== undefined ? 1 : 0);

/** The rules of one ticket: every matching override applied, the most specific last (it wins). */
export function rulesFor(book: RuleBook, subject: RuleSubject): TicketRules {
  const applicable = book.overrides.filter((o) => matches(o.when, subject)).sort((a, b) => specificity(a.when) - specificity(b.when));
  return toTicketRules(
    applicable.reduce((r, o) => applyPatch(r, o.rules), book.rules),
    book.provider,
  );
}

/** Spans replace each other whole (`{ hours }` over `{ workingDays }`); groups merge field by field. */
export function applyPatch(base: RulesConfig, patch: RulesPatch): RulesConfig {
  return {
    ...base,
    ...(patch as Omit<RulesPatch, 'sign' | 'firstContact' | 'followUp'>),
    sign: { ...base.sign, ...patch.sign },
    firstContact: { ...base.firstContact, ...patch.firstContact },
    followUp: { ...base.followUp, ...patch.followUp, window: { ...base.followUp.window, ...patch.followUp?.window } },
  };
}

/** Problems an override only shows once applied (a call window ending before it starts). */
export function overrideIssues(book: Pick<RuleBook, 'rules' | 'overrides'>): { path: PropertyKey[]; message: string }[] {
  return book.overrides.flatMap((o, i) =>
    crossFieldIssues(applyPatch(book.rules, o.rules)).map((issue) => ({ ...issue, path: ['overrides', i, 'rules', ...issue.path] })),
  );
}

const minutesOf = (s: ClockSpan): number => s.minutes ?? (s.hours !== undefined ? s.hours * 60 : s.days! * 24 * 60);
const hoursOf = (s: ClockSpan): number => (s.hours !== undefined ? s.hours : s.minutes !== undefined ? s.minutes / 60 : s.days! * 24);

/** A deadline counted in working days, or in wall-clock hours that replace them (0 working days). */
function deadline(s: DeadlineSpan): { workingDays: number; hours?: number } {
  return s.workingDays !== undefined ? { workingDays: s.workingDays } : { workingDays: 0, hours: hoursOf(s) };
}

export function toTicketRules(c: RulesConfig, provider: RuleBook['provider']): TicketRules {
  const ret = deadline(c.return);
  const designate = deadline(c.designate);
  const reply = deadline(c.reply);
  return {
    directDispatchMinutes: minutesOf(c.directDispatch),
    dispatchMinutes: minutesOf(c.dispatch),
    signMinutes: { urgent: minutesOf(c.sign.urgent), normal: minutesOf(c.sign.normal) },
    returnWorkingDays: ret.workingDays,
    ...(ret.hours !== undefined && { returnHours: ret.hours }),
    designateWorkingDays: designate.workingDays,
    ...(designate.hours !== undefined && { designateHours: designate.hours }),
    firstContactHours: { urgent: hoursOf(c.firstContact.urgent), normal: hoursOf(c.firstContact.normal) },
    replyWorkingDays: reply.workingDays,
    ...(reply.hours !== undefined && { replyHours: reply.hours }),
    ...(c.urgentReply && { urgentReplyHours: hoursOf(c.urgentReply) }),
    provincialFactor: c.provincialFactor,
    replyReminderHours: hoursOf(c.replyReminder),
    escalationLadder: c.escalationLadder.map((s) => ({ afterWorkingDays: s.after.workingDays, label: s.label })),
    faceToFaceRehandles: c.faceToFaceRehandles,
    singleStepSignOffUnits: c.singleStepSignOffUnits,
    followUp: {
      attempts: c.followUp.attempts,
      intervalMinutes: minutesOf(c.followUp.interval),
      windowStartHour: c.followUp.window.startHour,
      windowEndHour: c.followUp.window.endHour,
      unreachableAfterHours: hoursOf(c.followUp.unreachableAfter),
      provider,
    },
  };
}
