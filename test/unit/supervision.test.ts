// Pattern escalation (提级督办, seed 004): the pure rule at each threshold, the timed patterns through
// fireDue, the rules file's block; the callers' keyed pseudonyms in the ledger (no phone there, the
// same phone the same pseudonym, another secret another) and the count of one caller's tickets.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ticketViewSchema } from '../../api/schemas';
import { ticketView } from '../../api/ticket-view';
import { loadCalendar } from '../../config/calendar-source';
import { resolvePseudonymSecret } from '../../config/pseudonym-secret';
import seed from '../../config/rules.seed.json';
import { addWorkingDays } from '../../domain/calendar';
import { toSupervisionRules } from '../../domain/rule-book';
import { rulesFileSchema } from '../../domain/rules-schema';
import {
  addRequesters,
  crossedPatterns,
  defaultRules,
  fireDue,
  nextWakeAt,
  superviseCaller,
  SupervisionRules,
  TicketState,
} from '../../domain/ticket';
import type { LedgerDb } from '../../ledger/db';
import { recordTicket } from '../../ledger/recorder';
import { phonePseudonym } from '../../ledger/pseudonym';
import { countCallerTickets, listSupervised } from '../../ledger/supervision';
import { openTestLedger } from '../setup/ledger';
import { bj, Story } from './ledger-story';

const calendar = loadCalendar();
const rules: SupervisionRules = toSupervisionRules(seed.supervision);
const SECRET = 'pseudonym-secret-for-the-unit-test';
const PHONE = '13912345678';

const fresh = (id = 'S1', phone = PHONE) => new Story({ id, at: '2026-03-02T08:30', citizen: { name: '张三', phone } });
const reasons = (t: TicketState, now: number, callerTickets?: number) =>
  crossedPatterns(t, rules, { now, calendar, callerTickets }).map((p) => p.reason);

describe('the rule', () => {
  test('the seed file’s thresholds: 5 requesters, 3 tickets in 30 days, 15 working days open, 2 re-handles', () => {
    expect(rules).toEqual({ manyRequesters: 5, repeatCallerTickets: 3, repeatCallerDays: 30, longOpenWorkingDays: 15, unsatisfiedRehandles: 2 });
  });

  test('多人一诉: 4 requesters no, 5 yes', () => {
    const s = fresh().dispatch('U-A', '2026-03-02T09:00');
    const now = bj('2026-03-02T10:00');
    const withRequesters = (n: number): TicketState => ({
      ...s.state,
      requesters: Array.from({ length: n }, (_, i) => ({ ...s.state.requesters[0]!, phone: `1390000000${i}` })),
    });
    expect(reasons(withRequesters(4), now)).toEqual([]);
    expect(reasons(withRequesters(5), now)).toEqual(['many_requesters']);
    expect(crossedPatterns(withRequesters(5), rules, { now, calendar })[0]!.detail).toBe('同一诉求5人反映（提级阈值5人）');
  });

  test('一人多诉: 2 tickets no, 3 yes; only once', () => {
    const s = fresh();
    const now = bj('2026-03-02T09:00');
    expect(reasons(s.state, now, 2)).toEqual([]);
    expect(reasons(s.state, now, 3)).toEqual(['repeat_caller']);
    const d = superviseCaller(s.state, rules, { now, calendar, callerTickets: 3 });
    if (!d.ok) throw new Error(d.reason);
    expect(d.state.supervision).toEqual({
      level: 1,
      reasons: [{ reason: 'repeat_caller', at: new Date(now).toISOString(), detail: '同一来电人30天内反映3件诉求（提级阈值3件）' }],
    });
    expect(d.state.history.at(-1)).toMatchObject({ action: 'supervision', via: 'system', actor: { role: 'system' } });
    expect(d.effects).toEqual([
      {
        kind: 'notify',
        event: 'supervision_escalated',
        units: [],
        supervisors: true,
        detail: '一人多诉：同一来电人30天内反映3件诉求（提级阈值3件）',
        key: 'supervision-repeat_caller',
      },
    ]);
    const again = superviseCaller(d.state, rules, { now, calendar, callerTickets: 4 });
    expect(again.ok && again.state).toBe(d.state);
  });

  test('久拖不决: open at 15 working days after registration, by the timer, not a moment before', () => {
    const s = fresh().dispatch('U-A', '2026-03-02T09:00');
    const due = Date.parse(addWorkingDays(calendar, Date.parse(s.state.registeredAt), 15).dueAt);
    const ctx = { rules: defaultRules, calendar, supervision: rules };
    expect(nextWakeAt({ ...s.state, status: 'handling', deadlines: {} }, ctx)).toBe(due);
    expect(reasons(s.state, due - 1)).toEqual([]);
    const early = fireDue(s.state, due - 1, ctx);
    expect(early.state.supervision).toBeUndefined();
    const fired = fireDue(s.state, due, ctx);
    expect(fired.state.supervision?.reasons.map((r) => r.reason)).toEqual(['long_open']);
    expect(fired.effects.filter((e) => e.kind === 'notify' && e.event === 'supervision_escalated')).toEqual([
      expect.objectContaining({ units: ['U-A'], supervisors: true, key: 'supervision-long_open' }),
    ]);
    // Without thresholds (a ticket from before the patch) no such timer exists.
    expect(fireDue(s.state, due, { rules: defaultRules, calendar }).state.supervision).toBeUndefined();
  });

  test('多次重办: the second unsatisfied re-handle escalates at once; each pattern raises the level by one', () => {
    let s = fresh().dispatch('U-A', '2026-03-02T09:00').sign('2026-03-02T09:10');
    s = s.handle({ first: '2026-03-02T09:20', final: '2026-03-02T10:00', reply: '2026-03-02T11:00', approve: '2026-03-02T12:00' });
    s = s.followUp('unsatisfied', false, '2026-03-02T15:00');
    const ctx = { rules: defaultRules, calendar, supervision: rules };
    expect(fireDue(s.state, bj('2026-03-02T15:00'), ctx).state.supervision).toBeUndefined();
    s = s.handle({ first: '2026-03-03T09:20', final: '2026-03-03T10:00', reply: '2026-03-03T11:00', approve: '2026-03-03T12:00' });
    s = s.followUp('unsatisfied', false, '2026-03-03T15:00');
    expect(s.state.counters.rehandles).toBe(2);
    const fired = fireDue(s.state, bj('2026-03-03T15:00'), ctx);
    expect(fired.state.supervision?.reasons.map((r) => [r.reason, r.detail])).toEqual([
      ['repeated_unsatisfied', '回访不满意已重办2次（提级阈值2次）'],
    ]);
    const more = superviseCaller(fired.state, rules, { now: bj('2026-03-03T15:00'), calendar, callerTickets: 3 });
    expect(more.ok && more.state.supervision?.level).toBe(2);
  });

  test('a requester joining by a merge can cross 多人一诉; a closed ticket is never escalated', () => {
    const s = fresh().dispatch('U-A', '2026-03-02T09:00');
    const few = { ...rules, manyRequesters: 2 };
    const joined = addRequesters(
      s.state,
      [{ ...s.state.requesters[0]!, phone: '13900000001', fromTicket: 'X' }],
      {
        now: bj('2026-03-02T09:30'),
        actor: { id: 'X', role: 'system' },
        via: 'signal',
      },
      'X',
    );
    if (!joined.ok) throw new Error(joined.reason);
    const fired = fireDue(joined.state, bj('2026-03-02T09:30'), { rules: defaultRules, calendar, supervision: few });
    expect(fired.state.supervision?.reasons.map((r) => r.reason)).toEqual(['many_requesters']);
    expect(crossedPatterns({ ...joined.state, status: 'closed' }, few, { now: bj('2026-06-01T00:00'), calendar, callerTickets: 9 })).toEqual([]);
  });
});

describe('the rules file’s supervision block', () => {
  const parse = (supervision: unknown) => rulesFileSchema.safeParse({ ...seed, supervision });
  test('the seed’s block parses; it may be left out (no pattern escalation)', () => {
    expect(parse(seed.supervision).success).toBe(true);
    const { supervision: _s, ...without } = seed;
    expect(rulesFileSchema.parse(without).supervision).toBeUndefined();
  });
  test('bad numbers and unknown keys name the field', () => {
    const issues = (v: unknown) => {
      const r = parse(v);
      return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    };
    expect(issues({ ...seed.supervision, manyRequesters: 1 })).toEqual([expect.stringMatching(/^supervision\.manyRequesters: /)]);
    expect(issues({ ...seed.supervision, longOpen: { days: 15 } })).toEqual(
      expect.arrayContaining([expect.stringMatching(/^supervision\.longOpen/)]),
    );
    expect(issues({ ...seed.supervision, repeatCaller: { tickets: 2.5, within: { days: 30 } } })).toEqual([
      'supervision.repeatCaller.tickets: must be a whole number',
    ]);
    expect(issues({ ...seed.supervision, typo: 1 })).toEqual([expect.stringMatching(/^supervision: .*typo/)]);
  });
});

describe('callers’ pseudonyms in the ledger', () => {
  let db: LedgerDb;
  beforeAll(async () => {
    db = await openTestLedger();
  });
  afterAll(() => db?.close());

  test('the same phone gives the same pseudonym in any notation; another secret, another pseudonym', () => {
    const p = phonePseudonym(SECRET, PHONE)!;
    expect(p).toMatch(/^[0-9a-f]{64}$/);
    expect(phonePseudonym(SECRET, '+86 139-1234-5678')).toBe(p);
    expect(phonePseudonym(SECRET, '13912345679')).not.toBe(p);
    expect(phonePseudonym('another-secret-0123456789', PHONE)).not.toBe(p);
    expect(phonePseudonym(SECRET, '110')).toBeUndefined();
  });

  test('the ledger keeps the pseudonym, never the phone; one caller’s tickets are counted in the window', async () => {
    const stories = [fresh('P1'), fresh('P2'), new Story({ id: 'P3', at: '2026-04-10T08:30', citizen: { name: '张三', phone: PHONE } })];
    stories.push(new Story({ id: 'Q1', at: '2026-03-03T08:30', citizen: { name: '李四', phone: '13700000006' } }));
    for (const s of stories) await recordTicket(db, s.state, { pseudonymSecret: SECRET });
    const dump = JSON.stringify(
      await Promise.all(
        ['ticket_events', 'ticket_summaries', 'ticket_assignments', 'ticket_callers', 'ticket_supervision'].map((t) =>
          db.query(`SELECT * FROM ${t}`),
        ),
      ),
    );
    expect(dump).not.toContain(PHONE);
    expect(dump).not.toContain('13700000006');
    expect(dump).toContain(phonePseudonym(SECRET, PHONE));

    const count = (id: string, at: string, secret = SECRET) =>
      countCallerTickets(db, secret, { ticketId: id, phones: [PHONE], registeredAt: new Date(bj(at)).toISOString(), withinDays: 30 });
    // A new ticket on 03-20: P1 and P2 (03-02) are within 30 days → 3 with itself.
    expect(await count('NEW', '2026-03-20T09:00')).toBe(3);
    // On 04-10 (P3 itself): P1 and P2 are 39 days back → only P3.
    expect(await count('P3', '2026-04-10T08:30')).toBe(1);
    // Under another secret nothing matches.
    expect(await count('NEW', '2026-03-20T09:00', 'another-secret-0123456789')).toBe(1);
  });

  test('escalated tickets are listed with their patterns; the list holds no phone and no pseudonym', async () => {
    const s = fresh('E1');
    const d = superviseCaller(s.state, rules, { now: bj('2026-03-02T09:00'), calendar, callerTickets: 3 });
    if (!d.ok) throw new Error(d.reason);
    await recordTicket(db, d.state, { pseudonymSecret: SECRET });
    const list = await listSupervised(db, { limit: 10, offset: 0 });
    expect(list.map((r) => [r.ticketId, r.level, r.reasons.map((m) => m.reason)])).toEqual([['E1', 1, ['repeat_caller']]]);
    expect(await listSupervised(db, { reason: 'long_open', limit: 10, offset: 0 })).toEqual([]);
    const text = JSON.stringify(list);
    expect(text).not.toContain(PHONE);
    expect(text).not.toContain(phonePseudonym(SECRET, PHONE));
  });
});

describe('where it shows, and the secret', () => {
  test('the ticket view carries the supervision level and reasons, as the OpenAPI schema says', () => {
    const d = superviseCaller(fresh('V1').state, rules, { now: bj('2026-03-02T09:00'), calendar, callerTickets: 3 });
    if (!d.ok) throw new Error(d.reason);
    const view = ticketView(d.state, { id: 's', role: 'supervisor' });
    expect(ticketViewSchema.parse(view).supervision).toEqual({ level: 1, reasons: [expect.objectContaining({ reason: 'repeat_caller' })] });
  });

  test('HOTLINE_PSEUDONYM_SECRET when set; else one development secret kept in the data directory (mode 0600)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pseudonym-'));
    try {
      const first = resolvePseudonymSecret({ HOTLINE_DATA_DIR: dir });
      expect(first.source).toBe('dev-file');
      expect(resolvePseudonymSecret({ HOTLINE_DATA_DIR: dir }).secret).toBe(first.secret);
      expect(fs.statSync(first.file!).mode & 0o777).toBe(0o600);
      expect(resolvePseudonymSecret({ HOTLINE_DATA_DIR: dir, HOTLINE_PSEUDONYM_SECRET: SECRET })).toEqual({ secret: SECRET, source: 'env' });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
