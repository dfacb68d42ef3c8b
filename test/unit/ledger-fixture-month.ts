// The fixture month: March 2026, three units, every figure worked out by hand below. Shared by the
// PGlite test (test/unit/ledger-stats.test.ts) and the PostgreSQL one (test/integration/
// ledger-postgres.test.ts), so both databases must give the same numbers. Not a test file itself.
//
// Rules in force (defaultRules): sign-for 120 min; first contact 24 h after sign-for; reply 4
// working days after dispatch (March 2026 has no public holiday); follow-up unreachable after 72 h.
import type { RateKey, UnitCounts, UnitStatsReport } from '../../ledger/stats';
import { people, Story } from './ledger-story';
import type { HotlineReport } from '../../ledger/hotline-stats';

export const CITIZEN = { name: '张三', phone: '13912345678' };
export const MERGED_CITIZEN = { name: '赵六', phone: '13500000011' };
export const ALL_CITIZEN_SECRETS = ['13912345678', '张三', '13700000006', '李四', '13600000010', '王五', '13500000011', '赵六'];

export function fixtureMonth(): Story[] {
  // ── U-A (a department) ───────────────────────────────────────────────────────────────────────
  // A1: everything on time; satisfied and resolved. Citizen's phone written into free text.
  const a1 = new Story({
    id: 'A1',
    at: '2026-03-02T08:30',
    requestType: 'complaint',
    description: `停水，请回电${CITIZEN.phone}找${CITIZEN.name}`,
    citizen: CITIZEN,
  })
    .dispatch('U-A', '2026-03-02T09:00')
    .sign('2026-03-02T09:30') // signBy 11:00 ✓
    .contact('first', '2026-03-02T10:00', `已致电${CITIZEN.phone}`) // by 03-03 09:30 ✓
    .contact('final', '2026-03-03T10:00')
    .reply('2026-03-03T11:00') // replyBy 03-06 24:00 ✓
    .approve('2026-03-03T12:00')
    .followUp('satisfied', true, '2026-03-03T15:00');

  // A2: signed late (alert at 11:00, signed 12:00), first contact late (alert 03-04 12:00);
  // reply on time; basically satisfied, NOT resolved.
  const a2 = new Story({ id: 'A2', at: '2026-03-03T08:30', requestType: 'help', channel: 'web' })
    .dispatch('U-A', '2026-03-03T09:00')
    .tick('2026-03-03T11:05')
    .sign('2026-03-03T12:00')
    .tick('2026-03-04T12:05')
    .handle({ first: '2026-03-05T09:00', final: '2026-03-05T10:00', reply: '2026-03-05T11:00', approve: '2026-03-05T12:00' })
    .followUp('basically_satisfied', false, '2026-03-05T15:00');

  // A3: returned by U-A before signing, re-dispatched to U-B, which closes it satisfied.
  const a3 = new Story({ id: 'A3', at: '2026-03-04T08:30', requestType: 'complaint', citizen: { ...CITIZEN, kind: 'enterprise' } })
    .dispatch('U-A', '2026-03-04T09:00')
    .returnIt('2026-03-04T10:00')
    .dispatch('U-B', '2026-03-04T11:00')
    .sign('2026-03-04T11:30')
    .handle({ first: '2026-03-04T12:00', final: '2026-03-05T09:00', reply: '2026-03-05T10:00', approve: '2026-03-05T11:00' })
    .followUp('satisfied', true, '2026-03-05T14:00');

  // A4: first round on time, unsatisfied → re-handled; the re-handle round misses its first-contact
  // deadline (alert 03-07 15:00: must NOT count, the response figure judges the first round);
  // second reply on time; satisfied.
  const a4 = new Story({ id: 'A4', at: '2026-03-05T08:30', requestType: 'report' })
    .dispatch('U-A', '2026-03-05T09:00')
    .sign('2026-03-05T09:10')
    .handle({ first: '2026-03-05T09:20', final: '2026-03-06T09:00', reply: '2026-03-06T10:00', approve: '2026-03-06T11:00' })
    .followUp('unsatisfied', false, '2026-03-06T15:00')
    .tick('2026-03-08T00:00')
    .handle({ first: '2026-03-09T09:00', final: '2026-03-10T09:00', reply: '2026-03-10T10:00', approve: '2026-03-10T11:00' })
    .followUp('satisfied', true, '2026-03-10T15:00');

  // A5: reply deadline 03-13 24:00 passes (overdue), late reply 03-16, nobody reached → unreachable.
  const a5 = new Story({ id: 'A5', at: '2026-03-09T08:30' })
    .dispatch('U-A', '2026-03-09T09:00')
    .sign('2026-03-09T09:30')
    .contact('first', '2026-03-09T10:00')
    .tick('2026-03-14T00:30')
    .contact('final', '2026-03-16T09:00')
    .reply('2026-03-16T10:00')
    .approve('2026-03-16T11:00')
    .tick('2026-03-19T12:00');

  // A6: transferred (转办) from U-A to U-B before signing; the citizen declined the follow-up call.
  const a6 = new Story({
    id: 'A6',
    at: '2026-03-10T08:30',
    citizen: { name: '李四', phone: '13700000006', followUp: false },
    requestType: 'suggestion',
    channel: 'police_110',
  })
    .dispatch('U-A', '2026-03-10T09:00')
    .transfer('U-B', '2026-03-10T10:00')
    .sign('2026-03-10T10:30')
    .handle({ first: '2026-03-10T11:00', final: '2026-03-11T09:00', reply: '2026-03-11T10:00', approve: '2026-03-11T11:00' });

  // A7: dispatched 03-01 00:10 Beijing (= 02-28 16:10 UTC): March. Signed on time, first contact
  // deadline (03-02 01:00) passes. Still open.
  const a7 = new Story({ id: 'A7', at: '2026-03-01T00:00', requestType: 'help' })
    .dispatch('U-A', '2026-03-01T00:10')
    .sign('2026-03-01T01:00')
    .tick('2026-03-02T02:00');

  // A8: dispatched 04-01 00:30 Beijing (= 03-31 16:30 UTC): April, not March.
  const a8 = new Story({ id: 'A8', at: '2026-04-01T00:20' }).dispatch('U-A', '2026-04-01T00:30').sign('2026-04-01T00:40');
  // A9: February.
  const a9 = new Story({ id: 'A9', at: '2026-02-27T09:00' }).dispatch('U-A', '2026-02-27T09:30');

  // ── U-B (a department) ───────────────────────────────────────────────────────────────────────
  // B10: 多人一诉: M is merged into it (two citizens); both answer, one only basically satisfied.
  const b10 = new Story({
    id: 'B10',
    at: '2026-03-11T08:00',
    citizen: { name: '王五', phone: '13600000010' },
    requestType: 'complaint',
    channel: 'wechat',
  });
  const m = new Story({ id: 'M', at: '2026-03-11T08:10', citizen: MERGED_CITIZEN, requestType: 'complaint', channel: 'wechat' });
  m.mergeInto(b10, '2026-03-11T08:20');
  b10
    .dispatch('U-B', '2026-03-11T09:00')
    .sign('2026-03-11T09:20')
    .handle({ first: '2026-03-11T09:40', final: '2026-03-12T09:00', reply: '2026-03-12T10:00', approve: '2026-03-12T11:00' })
    .followUp('satisfied', true, '2026-03-12T14:00', 0)
    .followUp('basically_satisfied', true, '2026-03-12T14:30', 1);

  // B11: U-B returns it disputed → designation → S-1 (designated), which signs late, answers on
  // time, gets an unsatisfied follow-up → re-handle → closed as a non-compliant request.
  const b11 = new Story({ id: 'B11', at: '2026-03-12T08:30', requestType: 'complaint', citizen: { ...CITIZEN, kind: 'enterprise' } })
    .dispatch('U-B', '2026-03-12T09:00')
    .returnIt('2026-03-12T09:30', true)
    .designate('S-1', '2026-03-13T09:00')
    .tick('2026-03-13T11:05')
    .sign('2026-03-13T12:00')
    .handle({ first: '2026-03-13T13:00', final: '2026-03-16T09:00', reply: '2026-03-16T10:00', approve: '2026-03-16T11:00' })
    .followUp('unsatisfied', false, '2026-03-16T15:00')
    .closeNonCompliant('2026-03-17T09:00');

  // ── S-1 (a street office) ────────────────────────────────────────────────────────────────────
  // S12: never signed; the sign-for deadline (11:00) passes.
  // Registered 06:30: the dispatch deadline (08:30) passes (dispatchOverdue), dispatched late at 09:00.
  const s12 = new Story({ id: 'S12', at: '2026-03-20T06:30', requestType: 'help', channel: 'police_110' })
    .tick('2026-03-20T08:31')
    .dispatch('S-1', '2026-03-20T09:00')
    .tick('2026-03-20T11:30');

  // ── Never dispatched (no unit's figures; the hotline's only) ───────────────────────────────────
  // N1: online, nobody dispatches it: the deadline (10:30) passes, dispatchOverdue. Still waiting.
  const n1 = new Story({ id: 'N1', at: '2026-03-23T08:30', requestType: 'complaint', channel: 'web' }).tick('2026-03-23T10:31');
  // N2: an enterprise's online question answered at intake (咨询直答): a reply, no dispatch.
  const n2 = new Story({
    id: 'N2',
    at: '2026-03-24T08:30',
    requestType: 'consult',
    channel: 'wechat',
    citizen: { ...CITIZEN, kind: 'enterprise' },
  }).act('answer', { answer: '已按知识库解答办事流程' }, people.operator, '2026-03-24T08:40');
  // N3: online, registered 03-31 23:00, recorded before its deadline: not yet due, not replied.
  const n3 = new Story({ id: 'N3', at: '2026-03-31T23:00', requestType: 'consult', channel: 'web' });

  return [a1, a2, a3, a4, a5, a6, a7, a8, a9, m, b10, b11, s12, n1, n2, n3];
}

export const MARCH = { from: '2026-03-01', to: '2026-03-31' };

// ── The dimensions (issue #14), by hand: assignments dispatched in March per unit ───────────────
// complaint: A1 (U-A), A3#1 (U-A), A3#2 (U-B), B10 (U-B), B11#1 (U-B), B11#2 (S-1)
// enterprise: A3#1 (U-A), A3#2 (U-B), B11#1 (U-B), B11#2 (S-1)
// unknown request type (registered before it was asked): A5 (U-A)
// police_110: A6#1 (U-A), A6#2 (U-B), S12 (S-1)
export const expectedReceivedBy: Record<string, [string, number][]> = {
  'requestType=complaint': [
    ['S-1', 1],
    ['U-A', 2],
    ['U-B', 3],
  ],
  'citizenKind=enterprise': [
    ['S-1', 1],
    ['U-A', 1],
    ['U-B', 2],
  ],
  'requestType=unknown': [['U-A', 1]],
  'channel=police_110': [
    ['S-1', 1],
    ['U-A', 1],
    ['U-B', 1],
  ],
};

// ── Expected figures for March, by hand ──────────────────────────────────────────────────────
// U-A assignments dispatched in March: A1, A2, A3#1, A4, A5, A6#1, A7            received 7
//   signed: A1 A2 A4 A5 A7 = 5; no unsigned one reached its deadline      signDue 5
//   on time: A1 A4 A5 A7 (A2 late) = 4
//   first contact made: A1 A2 A4 A5, + A7 deadline passed                 contactDue 5
//   on time: A1 A4 A5 (A2 late, A7 none) = 3
//   returned A3; reassigned A6; retained A1 A2 A4 A5 A7 = 5
//   replied A1 A2 A4 A5 = 4 (= replyDue); on time and never overdue: A1 A2 A4 = 3
//   closed A1 A2 A4 A5 = 4; without re-handle: A1 A2 A5 = 3
//   followed up (not unreachable): A1 A2 A4 = 3; satisfied (incl. basically) 3; resolved A1 A4 = 2
//   re-handled A4 = 1; overdue A5 = 1; unreachable A5 = 1; no follow-up 0
const uA: UnitCounts = {
  received: 7,
  signed: 5,
  signDue: 5,
  signedOnTime: 4,
  contactDue: 5,
  respondedOnTime: 3,
  returned: 1,
  reassigned: 1,
  retained: 5,
  replied: 4,
  replyDue: 4,
  repliedOnTime: 3,
  closed: 4,
  closedFirstTime: 3,
  followedUp: 3,
  satisfied: 3,
  resolved: 2,
  rehandled: 1,
  overdue: 1,
  unreachable: 1,
  noFollowUp: 0,
};
// U-B: A3#2, A6#2, B10, B11#1                                              received 4
//   signed on time: A3 A6 B10 = 3 (signDue 3); first contact on time 3 (contactDue 3)
//   returned B11 = 1; retained 3; replied 3, all on time; closed 3, all first time
//   followed up A3 B10 = 2 (A6 declined: no follow-up 1); satisfied 2; resolved 2
const uB: UnitCounts = {
  received: 4,
  signed: 3,
  signDue: 3,
  signedOnTime: 3,
  contactDue: 3,
  respondedOnTime: 3,
  returned: 1,
  reassigned: 0,
  retained: 3,
  replied: 3,
  replyDue: 3,
  repliedOnTime: 3,
  closed: 3,
  closedFirstTime: 3,
  followedUp: 2,
  satisfied: 2,
  resolved: 2,
  rehandled: 0,
  overdue: 0,
  unreachable: 0,
  noFollowUp: 1,
};
// S-1: B11#2 (designated), S12                                              received 2
//   signed B11 (late) = 1; S12 unsigned past its deadline → signDue 2, on time 0
//   first contact B11 on time: 1/1; retained 2; replied 1 on time
//   closed B11 (non-compliant) = 1, after a re-handle → first time 0
//   followed up 1 (final round unsatisfied): satisfied 0, resolved 0; re-handled 1
const s1: UnitCounts = {
  received: 2,
  signed: 1,
  signDue: 2,
  signedOnTime: 0,
  contactDue: 1,
  respondedOnTime: 1,
  returned: 0,
  reassigned: 0,
  retained: 2,
  replied: 1,
  replyDue: 1,
  repliedOnTime: 1,
  closed: 1,
  closedFirstTime: 0,
  followedUp: 1,
  satisfied: 0,
  resolved: 0,
  rehandled: 1,
  overdue: 0,
  unreachable: 0,
  noFollowUp: 0,
};
const total = Object.fromEntries((Object.keys(uA) as (keyof UnitCounts)[]).map((k) => [k, uA[k] + uB[k] + s1[k]])) as unknown as UnitCounts;

export const expectedCounts: Record<string, UnitCounts> = { 'U-A': uA, 'U-B': uB, 'S-1': s1, '*': total };

// Rates, each written as the fraction it is.
export const expectedRates = {
  'U-A': {
    timelySign: 4 / 5,
    response: 3 / 5,
    return: 1 / 7,
    onTimeCompletion: 3 / 4,
    completion: 4 / 5,
    satisfaction: 3 / 3,
    solved: 2 / 3,
    firstTimeResolution: 3 / 4,
    rehandle: 1 / 4,
  },
  'U-B': {
    timelySign: 1,
    response: 1,
    return: 1 / 4,
    onTimeCompletion: 1,
    completion: 1,
    satisfaction: 1,
    solved: 1,
    firstTimeResolution: 1,
    rehandle: 0,
  },
  'S-1': {
    timelySign: 0 / 2,
    response: 1,
    return: 0,
    onTimeCompletion: 1,
    completion: 1 / 2,
    satisfaction: 0,
    solved: 0,
    firstTimeResolution: 0,
    rehandle: 1,
  },
  '*': {
    timelySign: 7 / 10,
    response: 7 / 9,
    return: 2 / 13,
    onTimeCompletion: 7 / 8,
    completion: 8 / 10,
    satisfaction: 5 / 6,
    solved: 4 / 6,
    firstTimeResolution: 6 / 8,
    rehandle: 2 / 8,
  },
};

/** Asserts the March report field by field against the hand-computed figures. */
export function expectMarchReport(report: UnitStatsReport): void {
  expect(report.from).toBe(MARCH.from);
  expect(report.to).toBe(MARCH.to);
  expect(report.units.map((u) => u.unit)).toEqual(['S-1', 'U-A', 'U-B']);
  for (const s of [...report.units, report.total]) {
    const counts = expectedCounts[s.unit];
    for (const k of Object.keys(counts) as (keyof UnitCounts)[]) {
      expect({ unit: s.unit, [k]: s[k] }).toEqual({ unit: s.unit, [k]: counts[k] });
    }
    const rates = expectedRates[s.unit as keyof typeof expectedRates];
    for (const k of Object.keys(rates) as RateKey[]) {
      expect({ unit: s.unit, rate: k, value: s.rates[k] }).toEqual({ unit: s.unit, rate: k, value: rates[k] });
    }
  }
}

// ── The hotline's own figures for March (the dispatch desk), by hand ────────────────────────────
// Registered in March (Beijing date of 受理): A1–A7, M, B10, B11, S12, N1, N2, N3   registered 14
//   (A8 is April, A9 February)
// dispatched (first dispatch): A1–A7, B10, B11, S12 = 10 (M merged, N1–N3 never)
// dispatchDue: the 10 dispatched + N1 (deadline passed undispatched) = 11 (N2 ended at intake,
//   N3 still within its deadline: neither counts)
// dispatchedOnTime: all first dispatches within 2 h of registration but S12 (06:30 → 09:00) = 9
// firstDispatchKept: the first unit kept it: A1 A2 A4 A5 A7 B10 S12 = 7 (A3 and B11 returned by
//   their first unit, A6 transferred away from it); charged to the dispatch desk, not to the units
// online (web, wechat, …), not merged: A2 B10 N1 N2 N3 = 5 (M merged into B10: answered there)
//   replied: A2, B10 (signed-off replies), N2 (answered at intake) = 3; N1 and N3 not yet
// from 110: A6 (closed), S12 (open) = 2, closed 1
export const expectedHotlineMarch: HotlineReport = {
  from: '2026-03-01',
  to: '2026-03-31',
  registered: 14,
  dispatched: 10,
  dispatchDue: 11,
  dispatchedOnTime: 9,
  firstDispatchKept: 7,
  onlineReceived: 5,
  onlineReplied: 3,
  police110Received: 2,
  police110Closed: 1,
  rates: { onTimeDispatch: 9 / 11, firstDispatchAccuracy: 7 / 10, onlineReply: 3 / 5, police110Completion: 1 / 2 },
};
// Cut by channel=police_110: A6 (on time, transferred away), S12 (late, kept).
export const expectedHotline110 = {
  registered: 2,
  dispatched: 2,
  dispatchDue: 2,
  dispatchedOnTime: 1,
  firstDispatchKept: 1,
  onlineReceived: 0,
  rates: { onTimeDispatch: 1 / 2, firstDispatchAccuracy: 1 / 2, onlineReply: null, police110Completion: 1 / 2 },
};
// Cut by citizenKind=enterprise: A3 (returned by U-A), B11 (returned by U-B), N2 (online, answered).
export const expectedHotlineEnterprise = {
  registered: 3,
  dispatched: 2,
  firstDispatchKept: 0,
  onlineReceived: 1,
  onlineReplied: 1,
  rates: { firstDispatchAccuracy: 0, onlineReply: 1, police110Completion: null },
};
