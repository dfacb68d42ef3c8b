// The rules file (HOTLINE_RULES): its validation, the shipped seed and Beijing example, and how a
// category override reaches one ticket's deadlines and no other's.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadCalendar } from '../../config/calendar-source';
import { loadCatalog } from '../../config/catalog-source';
import { startApi } from '../../api/runtime';
import { ConfigError, loadEnv } from '../../config/env';
import { loadRules } from '../../config/rules-source';
import { rulesFor } from '../../domain/rule-book';
import { defaultRules, designateDue, replyDue, returnDue, TicketRules } from '../../domain/ticket';
import seed from '../../config/rules.seed.json';
import { dispatched, newTicket } from './ticket-fixtures';

const dir = mkdtempSync(path.join(tmpdir(), 'hotline-rules-'));
const calendar = loadCalendar();
const catalog = loadCatalog();
const HOUR = 3_600_000;

let files = 0;
function write(json: unknown): string {
  const file = path.join(dir, `rules-${++files}.json`);
  writeFileSync(file, JSON.stringify(json));
  return file;
}

/** Loads `json` as the HOTLINE_RULES file, against the demo catalog. */
const load = (json: unknown, provider: 'manual' | 'voice' = 'manual') =>
  loadRules({ HOTLINE_RULES: write(json), HOTLINE_FOLLOW_UP_PROVIDER: provider }, catalog);

/** The message loadRules stops with, for the seed changed by `edit`. */
function failure(edit: (f: typeof seed & { overrides: unknown[] }) => void): string {
  const f = structuredClone(seed) as typeof seed & { overrides: unknown[] };
  edit(f);
  try {
    load(f);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('the rules file was accepted');
}

const ruleOf = (json: unknown, category: string): TicketRules => rulesFor(load(json), { category });

describe('the shipped rules files', () => {
  test('the seed file is exactly the engine defaults (domain/ticket/rules.ts), for every category', () => {
    const book = loadRules({ HOTLINE_FOLLOW_UP_PROVIDER: 'manual' }, catalog);
    for (const c of catalog.categories) expect(rulesFor(book, { category: c.code })).toEqual(defaultRules);
    expect(rulesFor(load(seed), { category: 'POLICY_INQUIRY' })).toEqual(defaultRules);
  });

  test('the follow-up provider still comes from HOTLINE_FOLLOW_UP_PROVIDER', () => {
    expect(rulesFor(load(seed, 'voice'), { category: 'POLICY_INQUIRY' }).followUp.provider).toBe('voice');
  });

  test('the Beijing example parses: 7 days in general, 2 h urgent, 24 h for water, power and gas', () => {
    const book = loadRules(
      { HOTLINE_RULES: path.join(__dirname, '..', '..', 'config', 'rules.example-beijing.json'), HOTLINE_FOLLOW_UP_PROVIDER: 'manual' },
      catalog,
    );
    const general = rulesFor(book, { category: 'PROPERTY_MANAGEMENT' });
    expect(general).toMatchObject({ replyHours: 7 * 24, urgentReplyHours: 2, replyReminderHours: 24 });
    for (const category of ['WATER_OUTAGE', 'POWER_OUTAGE', 'GAS_FAULT']) {
      expect(rulesFor(book, { category })).toMatchObject({ replyHours: 24, replyReminderHours: 4, urgentReplyHours: 2 });
    }
    // Per request type: 15 days for reports and suggestions; a suggestion about a water outage too
    // (category and type beat the category's 24 h); a complaint about it keeps the category's 24 h.
    expect(rulesFor(book, { category: 'PROPERTY_MANAGEMENT', requestType: 'report' })).toMatchObject({ replyHours: 15 * 24 });
    expect(rulesFor(book, { category: 'POWER_OUTAGE', requestType: 'suggestion' })).toMatchObject({ replyHours: 24 });
    expect(rulesFor(book, { category: 'WATER_OUTAGE', requestType: 'suggestion' })).toMatchObject({ replyHours: 15 * 24, replyReminderHours: 24 });
    expect(rulesFor(book, { category: 'WATER_OUTAGE', requestType: 'complaint' })).toMatchObject({ replyHours: 24, replyReminderHours: 4 });
  });
});

describe('overrides per request type: the most specific wins', () => {
  const reply = (hours: number) => ({ reply: { hours } });
  // Listed least specific last, so the order in the file cannot be what decides.
  const file = {
    ...seed,
    overrides: [
      { when: { category: 'WATER_OUTAGE', requestType: 'consult' }, rules: reply(1) },
      { when: { category: 'WATER_OUTAGE' }, rules: { ...reply(2), replyReminder: { hours: 1 } } },
      { when: { requestType: 'consult' }, rules: { ...reply(3), sign: { normal: { minutes: 60 } } } },
    ],
  };
  const book = load(file);

  test('category and request type > category > request type > the defaults; fields not overridden come from the less specific', () => {
    expect(rulesFor(book, { category: 'WATER_OUTAGE', requestType: 'consult' })).toMatchObject({
      replyHours: 1,
      replyReminderHours: 1,
      signMinutes: { urgent: 30, normal: 60 },
    });
    expect(rulesFor(book, { category: 'WATER_OUTAGE', requestType: 'complaint' })).toMatchObject({ replyHours: 2, signMinutes: { normal: 120 } });
    expect(rulesFor(book, { category: 'PROPERTY_MANAGEMENT', requestType: 'consult' })).toMatchObject({ replyHours: 3, replyReminderHours: 24 });
    expect(rulesFor(book, { category: 'PROPERTY_MANAGEMENT', requestType: 'complaint' })).toEqual(defaultRules);
  });

  test('a ticket without a request type (registered before it was asked) gets no request-type override', () => {
    expect(rulesFor(book, { category: 'PROPERTY_MANAGEMENT' })).toEqual(defaultRules);
    expect(rulesFor(book, { category: 'WATER_OUTAGE' })).toMatchObject({ replyHours: 2 });
  });

  test('validated like the rest: an unknown request type, an empty `when`, the same tickets twice, an unknown category beside a type', () => {
    expect(failure((f) => f.overrides.push({ when: { requestType: 'praise' }, rules: {} }))).toMatch(/overrides\[0\]\.when\.requestType: /);
    expect(failure((f) => f.overrides.push({ when: {}, rules: {} }))).toMatch(/overrides\[0\]\.when: name a category, a requestType or both/);
    const twice = { when: { requestType: 'help', category: 'WATER_OUTAGE' }, rules: {} };
    const same = { when: { category: 'WATER_OUTAGE', requestType: 'help' }, rules: {} };
    expect(failure((f) => f.overrides.push(twice, same))).toMatch(/overrides\[1\]\.when: same tickets as overrides\[0\]/);
    expect(failure((f) => f.overrides.push({ when: { category: 'WATER', requestType: 'help' }, rules: {} }))).toMatch(
      /overrides\[0\]\.when\.category: not a category of the catalog: WATER/,
    );
  });
});

describe('validation: a bad file stops the start, naming the field', () => {
  test('an unknown unit', () => {
    expect(failure((f) => ((f.rules as Record<string, unknown>).reply = { weeks: 1 }))).toMatch(/rules\.reply: Unrecognized key: "weeks"/);
  });

  test('two units at once, or none', () => {
    expect(failure((f) => ((f.rules as Record<string, unknown>).dispatch = { minutes: 60, hours: 1 }))).toMatch(
      /rules\.dispatch: expected exactly one unit/,
    );
    expect(failure((f) => ((f.rules as Record<string, unknown>).dispatch = {}))).toMatch(/rules\.dispatch: expected exactly one unit/);
  });

  test('working days where the engine counts wall-clock time', () => {
    const msg = failure((f) => ((f.rules.sign as Record<string, unknown>).urgent = { workingDays: 1 }));
    expect(msg).toMatch(
      /rules\.sign\.urgent\.workingDays: not counted in workingDays here; expected \{ "minutes": n \}, \{ "hours": n \}, \{ "days": n \}/,
    );
  });

  test('negative, zero and fractional numbers', () => {
    expect(failure((f) => (f.rules.firstContact.normal = { hours: -2 }))).toMatch(/rules\.firstContact\.normal\.hours: Too small/);
    expect(failure((f) => ((f.rules as Record<string, unknown>).reply = { workingDays: 0 }))).toMatch(/rules\.reply\.workingDays: Too small/);
    expect(failure((f) => ((f.rules as Record<string, unknown>).reply = { workingDays: 2.5 }))).toMatch(
      /rules\.reply\.workingDays: working days must be a whole number/,
    );
    expect(failure((f) => (f.rules.followUp.attempts = -1))).toMatch(/rules\.followUp\.attempts: Too small/);
  });

  test('unknown keys, at any depth', () => {
    expect(failure((f) => ((f.rules as Record<string, unknown>).replyDays = 4))).toMatch(/rules: Unrecognized key: "replyDays"/);
    expect(failure((f) => ((f.rules.followUp as Record<string, unknown>).retries = 2))).toMatch(/rules\.followUp: Unrecognized key: "retries"/);
    expect(failure((f) => ((f as Record<string, unknown>).rule = {}))).toMatch(/\(root\): Unrecognized key: "rule"/);
  });

  test('a missing rule: the base rules are complete, nothing falls back silently', () => {
    expect(failure((f) => delete (f.rules as Partial<typeof f.rules>).reply)).toMatch(/rules\.reply: /);
  });

  test('the escalation ladder in order, the call window not empty', () => {
    expect(failure((f) => (f.rules.escalationLadder[2]!.after.workingDays = 0))).toMatch(
      /rules\.escalationLadder\[2\]\.after\.workingDays: steps must come in order/,
    );
    expect(failure((f) => (f.rules.followUp.window.endHour = 8))).toMatch(/rules\.followUp\.window\.endHour: must be after startHour/);
  });

  test('overrides: an unknown category, the same category twice, a bad value, a window broken by the override', () => {
    expect(failure((f) => f.overrides.push({ when: { category: 'WATER' }, rules: {} }))).toMatch(
      /overrides\[0\]\.when\.category: not a category of the catalog: WATER/,
    );
    const twice = { when: { category: 'WATER_OUTAGE' }, rules: {} };
    expect(failure((f) => f.overrides.push(twice, twice))).toMatch(/overrides\[1\]\.when: same tickets as overrides\[0\]/);
    expect(failure((f) => f.overrides.push({ when: { category: 'WATER_OUTAGE' }, rules: { reply: { hours: -1 } } }))).toMatch(
      /overrides\[0\]\.rules\.reply\.hours: Too small/,
    );
    expect(failure((f) => f.overrides.push({ when: { category: 'WATER_OUTAGE' }, rules: { followUp: { window: { endHour: 7 } } } }))).toMatch(
      /overrides\[0\]\.rules\.followUp\.window\.endHour: must be after startHour/,
    );
  });

  test('R7 singleStepSignOffUnits: units of the catalog, per ticket with overrides; a unit the catalog lacks, or a missing list, refused', () => {
    const file = { ...seed, rules: { ...seed.rules, singleStepSignOffUnits: ['LJ-JB-BJ-OFFICE'] } };
    expect(ruleOf(file, 'POLICY_INQUIRY').singleStepSignOffUnits).toEqual(['LJ-JB-BJ-OFFICE']);
    const overridden = { ...file, overrides: [{ when: { category: 'WATER_OUTAGE' }, rules: { singleStepSignOffUnits: ['LJ-WATER'] } }] };
    expect(ruleOf(overridden, 'WATER_OUTAGE').singleStepSignOffUnits).toEqual(['LJ-WATER']);
    expect(failure((f) => (f.rules.singleStepSignOffUnits = ['LJ-NOWHERE'] as never))).toMatch(
      /rules\.singleStepSignOffUnits\[0\]: not a unit of the catalog: LJ-NOWHERE/,
    );
    expect(failure((f) => f.overrides.push({ when: { category: 'WATER_OUTAGE' }, rules: { singleStepSignOffUnits: ['X-1'] } }))).toMatch(
      /overrides\[0\]\.rules\.singleStepSignOffUnits\[0\]: not a unit of the catalog: X-1/,
    );
    expect(failure((f) => delete (f.rules as Partial<typeof f.rules>).singleStepSignOffUnits)).toMatch(/rules\.singleStepSignOffUnits/);
  });

  test('the API does not start with a bad file: it stops before connecting to Temporal, naming the field', async () => {
    const bad = write({ ...seed, rules: { ...seed.rules, reply: { weeks: 1 } } });
    await expect(startApi({ ...loadEnv({}), HOTLINE_RULES: bad }, '127.0.0.1:1')).rejects.toThrow(/rules\.reply: Unrecognized key: "weeks"/);
  });

  test('a file that is not JSON names the variable', () => {
    const file = path.join(dir, 'broken.json');
    writeFileSync(file, '{ "rules": ');
    expect(() => loadRules({ HOTLINE_RULES: file, HOTLINE_FOLLOW_UP_PROVIDER: 'manual' })).toThrow(
      /HOTLINE_RULES=.*broken\.json: the rules file is not valid JSON/,
    );
  });
});

describe('units', () => {
  test('each unit converts exactly into the field it sets', () => {
    const r = ruleOf(
      {
        ...seed,
        rules: {
          ...seed.rules,
          directDispatch: { hours: 1 },
          sign: { urgent: { minutes: 20 }, normal: { days: 1 } },
          firstContact: { urgent: { minutes: 90 }, normal: { days: 2 } },
          return: { hours: 8 },
          designate: { days: 2 },
        },
      },
      'POLICY_INQUIRY',
    );
    expect(r).toMatchObject({
      directDispatchMinutes: 60,
      signMinutes: { urgent: 20, normal: 1440 },
      firstContactHours: { urgent: 1.5, normal: 48 },
      returnHours: 8,
      designateHours: 48,
    });
  });

  test('a deadline in days is wall-clock (7 × 24 h, weekends and holidays counted); in working days it follows the calendar', () => {
    const from = Date.parse('2026-09-30T02:00:00.000Z'); // the day before the National Day holiday
    const days = ruleOf({ ...seed, rules: { ...seed.rules, reply: { days: 7 } } }, 'POLICY_INQUIRY');
    expect(replyDue(days, calendar, from, { provincial: false, urgent: false })).toEqual({
      at: new Date(from + 7 * 24 * HOUR).toISOString(),
      provisional: false,
    });
    const working = ruleOf({ ...seed, rules: { ...seed.rules, reply: { workingDays: 4 } } }, 'POLICY_INQUIRY');
    expect(replyDue(working, calendar, from, { provincial: false, urgent: false }).at).toBe(
      replyDue(defaultRules, calendar, from, { provincial: false, urgent: false }).at,
    );
  });

  test("R16 halves a wall-clock reply or return deadline exactly; designation is the city's, never halved", () => {
    const r = ruleOf({ ...seed, rules: { ...seed.rules, reply: { hours: 24 }, return: { hours: 8 }, designate: { days: 2 } } }, 'POLICY_INQUIRY');
    const from = Date.parse('2026-11-02T02:00:00.000Z');
    const after = (hours: number) => ({ at: new Date(from + hours * HOUR).toISOString(), provisional: false });
    expect(replyDue(r, calendar, from, { provincial: true, urgent: false })).toEqual(after(12));
    expect(replyDue(r, calendar, from, { provincial: false, urgent: false })).toEqual(after(24));
    expect(returnDue(r, calendar, from, true)).toEqual(after(4));
    expect(returnDue(r, calendar, from, false)).toEqual(after(8));
    expect(designateDue(r, calendar, from)).toEqual(after(48));
  });
});

describe('a category override changes that category and no other', () => {
  const file = {
    ...seed,
    overrides: [
      { when: { category: 'WATER_OUTAGE' }, rules: { reply: { hours: 24 }, sign: { urgent: { minutes: 10 } } } },
      { when: { category: 'WAGE_ARREARS' }, rules: { followUp: { window: { startHour: 9 } } } },
    ],
  };

  test('the resolved rules: only the overridden fields move; groups merge field by field', () => {
    const book = load(file);
    expect(rulesFor(book, { category: 'WATER_OUTAGE' })).toEqual({
      ...defaultRules,
      replyWorkingDays: 0,
      replyHours: 24,
      signMinutes: { urgent: 10, normal: 120 },
    });
    expect(rulesFor(book, { category: 'WAGE_ARREARS' })).toEqual({ ...defaultRules, followUp: { ...defaultRules.followUp, windowStartHour: 9 } });
    expect(rulesFor(book, { category: 'POWER_OUTAGE' })).toEqual(defaultRules);
  });

  test('through the core: the deadlines set at dispatch', () => {
    // The fixtures' own catalog: its ticket is of category `water-outage`.
    const ticket = newTicket();
    const f = { ...file, overrides: [{ ...file.overrides[0]!, when: { category: ticket.category } }] };
    const book = loadRules({ HOTLINE_RULES: write(f), HOTLINE_FOLLOW_UP_PROVIDER: 'manual' });
    const overridden = dispatched(ticket, rulesFor(book, { category: ticket.category }));
    const other = dispatched(ticket, rulesFor(book, { category: 'noise' }));
    const plain = dispatched(ticket);
    expect(Date.parse(overridden.deadlines.replyBy!) - Date.parse(overridden.dispatchedAt!)).toBe(24 * HOUR);
    expect(overridden.deadlines).toEqual({ ...plain.deadlines, replyBy: overridden.deadlines.replyBy, signBy: overridden.deadlines.signBy });
    expect(overridden.deadlines.signBy).toBe(plain.deadlines.signBy); // a normal ticket: the urgent sign-for override is not its
    expect(other.deadlines).toEqual(plain.deadlines);
  });
});
