// The shape of the rules file (HOTLINE_RULES): every number of domain/ticket/rules.ts in explicit
// units, and overrides per category and request type. No national rule fixes these numbers (docs/RULES.md): the
// seeds' 15 minutes, 1 and 4 working days are Luzhou's and Linyi's, Beijing's standard has others,
// so a city sets its own here. Pure module (zod only); reading the file is config/rules-source.ts.
import { z } from 'zod';
import { codeSchema } from './catalog';
import { requestTypeSchema } from './ticket/request-type';

const UNITS = ['minutes', 'hours', 'days', 'workingDays'] as const;
type Unit = (typeof UNITS)[number];

/**
 * A span in one explicit unit: `{ "minutes": 15 }`, `{ "hours": 24 }`, `{ "days": 7 }` (wall-clock:
 * 7 × 24 h) or `{ "workingDays": 4 }` (the working-day calendar, ending at 24:00 Beijing time).
 * `workingDays` only where the engine counts working days. Never 0: a deadline at once is none.
 */
function span(opts: { workingDays: boolean }) {
  const amount = z.number().positive();
  const units: Unit[] = opts.workingDays ? [...UNITS] : ['minutes', 'hours', 'days'];
  const expected = units.map((u) => `{ "${u}": n }`).join(', ');
  return z
    .strictObject({
      minutes: amount.optional(),
      hours: amount.optional(),
      days: amount.optional(),
      workingDays: z.number().int('working days must be a whole number').positive().optional(),
    })
    .superRefine((v, ctx) => {
      const given = Object.keys(v) as Unit[];
      if (given.length !== 1) ctx.addIssue({ code: 'custom', message: `expected exactly one unit: ${expected}` });
      else if (!units.includes(given[0]!))
        ctx.addIssue({ code: 'custom', path: [given[0]!], message: `not counted in ${given[0]} here; expected ${expected}` });
    });
}

/** Wall-clock only: minutes, hours or days. */
export const clockSpanSchema = span({ workingDays: false });
/** Working days, or wall-clock for a city that counts this deadline in hours or days. */
export const deadlineSpanSchema = span({ workingDays: true });
export type ClockSpan = z.infer<typeof clockSpanSchema>;
export type DeadlineSpan = z.infer<typeof deadlineSpanSchema>;

const perUrgency = z.strictObject({ urgent: clockSpanSchema, normal: clockSpanSchema });

const escalationStepSchema = z.strictObject({
  /** Working days after the reply deadline (0: at the breach). */
  after: z.strictObject({ workingDays: z.number().int('working days must be a whole number').nonnegative() }),
  label: z.string().trim().min(1),
});

const callWindowSchema = z.strictObject({
  startHour: z.number().int().min(0).max(23),
  endHour: z.number().int().min(1).max(24),
});

const followUpSchema = z.strictObject({
  attempts: z.number().int().min(1),
  interval: clockSpanSchema,
  /** Calls only between these Beijing hours. */
  window: callWindowSchema,
  /** No result by then: closed as unreachable. */
  unreachableAfter: clockSpanSchema,
});

const fields = {
  directDispatch: clockSpanSchema,
  dispatch: clockSpanSchema,
  sign: perUrgency,
  return: deadlineSpanSchema,
  designate: deadlineSpanSchema,
  firstContact: perUrgency,
  reply: deadlineSpanSchema,
  urgentReply: clockSpanSchema.optional(),
  replyReminder: clockSpanSchema,
  provincialFactor: z.number().positive().max(1),
  escalationLadder: z.array(escalationStepSchema),
  faceToFaceRehandles: z.number().int().min(1),
  /** R7: units whose leader signs a reply off without a reviewer's 审核 first (catalog codes). */
  singleStepSignOffUnits: z.array(codeSchema),
  followUp: followUpSchema,
};

type Issue = { path: PropertyKey[]; message: string };

/** The checks across fields, shared by the base rules and every override's result. */
export function crossFieldIssues(r: {
  escalationLadder?: z.infer<typeof escalationStepSchema>[];
  followUp?: { window?: Partial<z.infer<typeof callWindowSchema>> };
}): Issue[] {
  const issues: Issue[] = [];
  const w = r.followUp?.window;
  if (w?.startHour !== undefined && w.endHour !== undefined && w.startHour >= w.endHour) {
    issues.push({ path: ['followUp', 'window', 'endHour'], message: 'must be after startHour' });
  }
  r.escalationLadder?.forEach((step, i) => {
    if (i > 0 && step.after.workingDays < r.escalationLadder![i - 1]!.after.workingDays) {
      issues.push({ path: ['escalationLadder', i, 'after', 'workingDays'], message: 'steps must come in order' });
    }
  });
  return issues;
}

const withCrossChecks = <T extends z.ZodType<Parameters<typeof crossFieldIssues>[0]>>(schema: T) =>
  schema.superRefine((r, ctx) => crossFieldIssues(r).forEach((i) => ctx.addIssue({ code: 'custom', ...i })));

/** Every rule, complete: the rules a ticket gets when no override matches it. */
export const rulesConfigSchema = withCrossChecks(z.strictObject(fields));
export type RulesConfig = z.infer<typeof rulesConfigSchema>;

/** Some rules: what an override changes; groups (sign, followUp, …) merge field by field. */
export const rulesPatchSchema = withCrossChecks(
  z.strictObject({
    ...z.strictObject(fields).partial().shape,
    sign: perUrgency.partial().optional(),
    firstContact: perUrgency.partial().optional(),
    followUp: followUpSchema.extend({ window: callWindowSchema.partial().optional() }).partial().optional(),
  }),
);
export type RulesPatch = z.infer<typeof rulesPatchSchema>;

/**
 * Which tickets an override applies to: a category of the catalog, a request type (咨询/求助/投诉/
 * 举报/建议), or both. The most specific wins (rule-book.ts, `specificity`).
 */
export const ruleMatchSchema = z
  .strictObject({ category: codeSchema.optional(), requestType: requestTypeSchema.optional() })
  .refine((w) => w.category !== undefined || w.requestType !== undefined, { error: 'name a category, a requestType or both' });
export type RuleMatch = z.infer<typeof ruleMatchSchema>;

export const ruleOverrideSchema = z.strictObject({ when: ruleMatchSchema, rules: rulesPatchSchema });
export type RuleOverride = z.infer<typeof ruleOverrideSchema>;

// ── Pattern escalation (提级督办, seed 004; issue #14 item 5): its own block of the rules file ──
// "多人一诉""一人多诉"、久拖不决和多次重办的不满意诉求 are escalated. No source gives the numbers; the
// seed file's are the project's. Absent from a file: no pattern escalation.
const wholeAtLeast = (min: number) => z.number().int('must be a whole number').min(min);
export const supervisionRulesSchema = z.strictObject({
  /** 多人一诉: this many requesters on one ticket. */
  manyRequesters: wholeAtLeast(2),
  /** 一人多诉: this many tickets from one caller (by the phone's keyed pseudonym) within the span. */
  repeatCaller: z.strictObject({ tickets: wholeAtLeast(2), within: z.strictObject({ days: wholeAtLeast(1) }) }),
  /** 久拖不决: still open this long after registration. */
  longOpen: z.strictObject({ workingDays: wholeAtLeast(1) }),
  /** 多次重办: re-handled this many times after an unsatisfied follow-up. */
  unsatisfiedRehandles: wholeAtLeast(1),
});
export type SupervisionRulesConfig = z.infer<typeof supervisionRulesSchema>;

export const rulesFileSchema = z
  .strictObject({
    /** Free text: which city, which document the numbers come from. */
    description: z.string().optional(),
    rules: rulesConfigSchema,
    overrides: z.array(ruleOverrideSchema).default([]),
    supervision: supervisionRulesSchema.optional(),
  })
  .superRefine((f, ctx) => {
    const seen = new Map<string, number>();
    f.overrides.forEach((o, i) => {
      const key = JSON.stringify(Object.entries(o.when).sort());
      const first = seen.get(key);
      if (first !== undefined) ctx.addIssue({ code: 'custom', path: ['overrides', i, 'when'], message: `same tickets as overrides[${first}]` });
      else seen.set(key, i);
    });
  });
export type RulesFile = z.infer<typeof rulesFileSchema>;
