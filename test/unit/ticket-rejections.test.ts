// decide(): every refusal. Each case asserts ok:false, the code, a reason that names the status or
// the rule, the status echoed back, and that the input state was left exactly as it was.
import { ActionName, Actor, addRequesters, decide, Decision, defaultRules, Effect, TicketState, TicketStatus } from '../../domain/ticket';
import {
  act,
  actors,
  bj,
  calendar,
  CO,
  contacted,
  dispatched,
  handling,
  inFollowUp,
  closed,
  LEAD,
  must,
  newTicket,
  OTHER,
  drafted,
  replied,
  replyInput,
  run,
  snapshot,
  T,
} from './ticket-fixtures';

const AT = '2026-10-09T12:00';

function expectRejected(
  state: TicketState,
  action: ActionName,
  input: unknown,
  actor: Actor,
  code: 'invalid' | 'forbidden' | 'conflict',
  reason: string | RegExp | (string | RegExp)[],
  at = AT,
): Extract<Decision, { ok: false }> {
  const unchanged = snapshot(state);
  const d = act(state, action, input, actor, at);
  expect(d.ok).toBe(false);
  if (d.ok) throw new Error(`${action} was accepted`);
  expect(d.code).toBe(code);
  expect(d.status).toBe(state.status);
  for (const r of Array.isArray(reason) ? reason : [reason]) {
    if (typeof r === 'string') expect(d.reason).toContain(r);
    else expect(d.reason).toMatch(r);
  }
  unchanged();
  return d;
}

// ---------------------------------------------------------------------------------------------

const states: Record<string, () => TicketState> = {
  registered: () => newTicket(),
  dispatched: () => dispatched(),
  handling: () => handling(),
  returned: () => must(dispatched(), 'return', { reason: '非本单位职责' }, actors.handler, T.sign).state,
  designating: () => must(dispatched(), 'return', { reason: '争议', disputed: true }, actors.handler, T.sign).state,
  extension_requested: () =>
    must(handling(), 'requestExtension', { reason: 'r', commitment: 'c', until: '2026-10-20' }, actors.handler, T.first).state,
  reply_review: () => drafted(),
  replied: () => replied(),
  follow_up: () => inFollowUp(),
  rehandling: () => must(inFollowUp(), 'followUp', { satisfaction: 'unsatisfied', resolved: false }, actors.followUp, T.followUp).state,
  non_compliant_review: () =>
    must(
      must(inFollowUp(), 'followUp', { satisfaction: 'unsatisfied', resolved: false }, actors.followUp, T.followUp).state,
      'declareNonCompliant',
      { reason: 'r', meeting: { date: '2026-10-09', note: 'm' }, mediation: { date: '2026-10-09', note: 'm' } },
      actors.handler,
      T.followUp,
    ).state,
};

type Case = [stateName: string, action: ActionName, input: unknown, actor: Actor];

describe('wrong status for each action family → conflict naming the current status', () => {
  const cases: Case[] = [
    ['handling', 'dispatch', { unit: OTHER }, actors.dispatcher],
    ['designating', 'dispatch', { unit: OTHER }, actors.dispatcher],
    ['handling', 'sign', {}, actors.handler],
    ['follow_up', 'return', { reason: 'x' }, actors.handler],
    ['replied', 'return', { reason: 'x' }, actors.handler],
    ['extension_requested', 'return', { reason: 'x' }, actors.handler],
    ['registered', 'transfer', { unit: OTHER }, actors.dispatcher],
    ['replied', 'transfer', { unit: OTHER }, actors.supervisor],
    ['dispatched', 'designate', { unit: OTHER }, actors.supervisor],
    ['handling', 'designate', { unit: OTHER }, actors.supervisor],
    ['dispatched', 'contact', { stage: 'first', method: 'phone' }, actors.handler],
    ['replied', 'contact', { stage: 'first', method: 'phone' }, actors.handler],
    ['dispatched', 'visit', {}, actors.coHandler],
    ['follow_up', 'visit', {}, actors.handler],
    ['dispatched', 'requestExtension', { reason: 'r', commitment: 'c', until: '2026-10-20' }, actors.handler],
    ['extension_requested', 'requestExtension', { reason: 'r', commitment: 'c', until: '2026-10-21' }, actors.handler],
    ['handling', 'decideExtension', { approve: true }, actors.supervisor],
    ['dispatched', 'reply', replyInput, actors.handler],
    ['extension_requested', 'reply', replyInput, actors.handler],
    ['replied', 'reply', replyInput, actors.handler],
    ['handling', 'approveReply', {}, actors.leader],
    ['follow_up', 'approveReply', {}, actors.leader],
    ['handling', 'rejectReply', { note: 'n' }, actors.leader],
    ['replied', 'followUp', { satisfaction: 'satisfied', resolved: true }, actors.followUp],
    ['rehandling', 'followUp', { satisfaction: 'satisfied', resolved: true }, actors.followUp],
    ['handling', 'closeNonCompliant', { reason: 'r' }, actors.supervisor],
    ['replied', 'closeNonCompliant', { reason: 'r' }, actors.supervisor],
    ['registered', 'urge', {}, actors.supervisor],
    ['returned', 'urge', {}, actors.supervisor],
    ['follow_up', 'urge', {}, actors.supervisor],
    ['dispatched', 'merge', { into: 'T-0' }, actors.operator],
    ['handling', 'merge', { into: 'T-0' }, actors.operator],
    ['dispatched', 'answer', { answer: 'a' }, actors.operator],
    ['returned', 'answer', { answer: 'a' }, actors.operator],
    ['dispatched', 'outOfScope', { situation: 's', explanation: 'e' }, actors.operator],
    ['dispatched', 'handOff', { service: '110' }, actors.operator],
    ['dispatched', 'whistle', { department: OTHER }, actors.handler],
    ['replied', 'whistle', { department: OTHER }, actors.handler],
    ['handling', 'transferOut', { city: '青岛' }, actors.dispatcher],
    ['designating', 'transferOut', { city: '青岛' }, actors.dispatcher],
  ];

  it.each(cases)('%s: %s', (name, action, input, actor) => {
    const s = states[name]();
    expect(s.status).toBe(name);
    expectRejected(s, action, input, actor, 'conflict', `当前状态为 ${name}`);
  });

  it('a consultation outcome naming a unit is refused once the ticket is replied or in follow-up', () => {
    for (const name of ['replied', 'follow_up']) {
      const c = must(
        states[name](),
        'consultation',
        { topic: 't', participants: ['p'], at: '2026-10-10T09:00:00+08:00' },
        actors.supervisor,
        AT,
      ).state;
      const d = expectRejected(c, 'consultationOutcome', { summary: 's', unit: OTHER }, actors.supervisor, 'conflict', `当前状态为 ${name}`);
      expect(d.reason).toContain('会商定责');
    }
  });
});

describe('terminal tickets', () => {
  const terminal: Record<string, () => TicketState> = {
    closed: () => closed(),
    answered: () => must(newTicket(), 'answer', { answer: 'a' }, actors.operator, T.dispatch).state,
    out_of_scope: () => must(newTicket(), 'outOfScope', { situation: 's', explanation: 'e' }, actors.operator, T.dispatch).state,
    handed_off: () => must(newTicket(), 'handOff', { service: '120' }, actors.operator, T.dispatch).state,
    merged: () => must(newTicket(), 'merge', { into: 'T-0' }, actors.operator, T.dispatch).state,
    transferred_out: () => must(newTicket(), 'transferOut', { city: '青岛' }, actors.operator, T.dispatch).state,
  };

  it.each(Object.keys(terminal))('%s: every authorised action is refused as ended', (name) => {
    const s = terminal[name]();
    expect(s.status).toBe(name);
    const tries: [ActionName, unknown, Actor][] = [
      ['dispatch', { unit: OTHER }, actors.dispatcher],
      ['urge', {}, actors.supervisor],
      ['consultation', { topic: 't', participants: ['p'], at: '2026-10-10T09:00:00+08:00' }, actors.supervisor],
      ['consultationOutcome', { summary: 's' }, actors.supervisor],
      ['followUp', { satisfaction: 'satisfied', resolved: true }, actors.followUp],
      ['answer', { answer: 'a' }, actors.operator],
      ['closeNonCompliant', { reason: 'r' }, actors.supervisor],
      ['transfer', { unit: OTHER }, actors.admin],
    ];
    for (const [action, input, actor] of tries) {
      expectRejected(s, action, input, actor, 'conflict', ['工单已结束', name]);
    }
    // A note is refused too (by the handler, with the same wording).
    expectRejected(s, 'note', { note: 'n' }, actors.operator, 'conflict', ['工单已结束', name]);
  });

  it('unit people of the closed ticket are refused as well', () => {
    const s = closed();
    expectRejected(s, 'sign', {}, actors.handler, 'conflict', ['工单已结束', 'closed']);
    expectRejected(s, 'reply', replyInput, actors.handler, 'conflict', ['工单已结束', 'closed']);
  });
});

describe('forbidden: roles and units', () => {
  it('role not in the action table', () => {
    const cases: [TicketState, ActionName, unknown, Actor, string][] = [
      [newTicket(), 'dispatch', { unit: LEAD }, actors.handler, 'handler'],
      [newTicket(), 'dispatch', { unit: LEAD }, actors.followUp, 'follow_up'],
      [newTicket(), 'dispatch', { unit: LEAD }, actors.system, 'system'],
      [dispatched(), 'sign', {}, actors.dispatcher, 'dispatcher'],
      [replied(), 'approveReply', {}, actors.handler, 'handler'],
      [inFollowUp(), 'followUp', { satisfaction: 'satisfied', resolved: true }, actors.operator, 'operator'],
      [states.designating(), 'designate', { unit: OTHER }, actors.dispatcher, 'dispatcher'],
      [handling(), 'decideExtension', { approve: true }, actors.leader, 'unit_leader'],
      [newTicket(), 'answer', { answer: 'a' }, actors.dispatcher, 'dispatcher'],
      [handling(), 'urge', {}, actors.operator, 'operator'],
    ];
    for (const [s, action, input, actor, role] of cases) {
      expectRejected(s, action, input, actor, 'forbidden', [`角色 ${role} 无权执行`]);
    }
  });

  it('a handler of another unit may do nothing on the ticket', () => {
    const s = handling();
    expectRejected(dispatched(), 'sign', {}, actors.otherHandler, 'forbidden', ['只能由主办单位执行', LEAD]);
    expectRejected(s, 'return', { reason: 'x' }, actors.otherHandler, 'forbidden', '主办单位');
    expectRejected(s, 'contact', { stage: 'first', method: 'phone' }, actors.otherHandler, 'forbidden', '不是该工单的主办或协办单位');
    expectRejected(s, 'visit', {}, actors.otherLeader, 'forbidden', '不是该工单的主办或协办单位');
    expectRejected(s, 'note', { note: 'n' }, actors.otherHandler, 'forbidden', '不是该工单的主办或协办单位');
    expectRejected(contacted(), 'reply', replyInput, actors.otherHandler, 'forbidden', '主办单位');
    expectRejected(replied(), 'approveReply', {}, actors.otherLeader, 'forbidden', '主办单位');
  });

  it('a handler with no unit is treated as another unit', () => {
    expectRejected(dispatched(), 'sign', {}, actors.unitlessHandler, 'forbidden', '主办单位');
    expectRejected(handling(), 'visit', {}, actors.unitlessHandler, 'forbidden', '不是该工单的主办或协办单位');
  });

  it('nobody is the lead unit before dispatch', () => {
    expectRejected(newTicket(), 'sign', {}, actors.handler, 'forbidden', '主办：无');
  });

  it('a co-unit may contact and visit, but not sign, return, reply, extend, whistle or approve', () => {
    const s = handling();
    const c = run(s, [
      ['contact', { stage: 'first', method: 'phone' }, actors.coHandler, T.first],
      ['visit', {}, actors.coLeader, T.visit],
      ['contact', { stage: 'final', method: 'phone' }, actors.coHandler, T.final],
    ]);
    expect(c.contacts).toHaveLength(2);
    expect(c.visits).toHaveLength(1);
    expectRejected(c, 'reply', replyInput, actors.coHandler, 'forbidden', ['主办单位', LEAD]);
    expectRejected(c, 'reply', replyInput, actors.coLeader, 'forbidden', '主办单位');
    expectRejected(dispatched(), 'sign', {}, actors.coHandler, 'forbidden', '主办单位');
    expectRejected(s, 'return', { reason: 'x' }, actors.coHandler, 'forbidden', '主办单位');
    expectRejected(s, 'requestExtension', { reason: 'r', commitment: 'c', until: '2026-10-20' }, actors.coHandler, 'forbidden', '主办单位');
    expectRejected(s, 'whistle', { department: 'U-Z' }, actors.coHandler, 'forbidden', '主办单位');
    expectRejected(replied(), 'approveReply', {}, actors.coLeader, 'forbidden', '主办单位');
    expectRejected(replied(), 'rejectReply', { note: 'n' }, actors.coLeader, 'forbidden', '主办单位');
  });

  it('authorisation is checked before status', () => {
    // Wrong status AND wrong unit → forbidden.
    expectRejected(replied(), 'sign', {}, actors.otherHandler, 'forbidden', '主办单位');
  });
});

describe('invalid payloads → invalid, details name the field', () => {
  const cases: [string, () => TicketState, ActionName, unknown, Actor, string][] = [
    ['dispatch without unit', () => newTicket(), 'dispatch', {}, actors.dispatcher, 'unit'],
    ['dispatch with blank unit', () => newTicket(), 'dispatch', { unit: '   ' }, actors.dispatcher, 'unit'],
    ['dispatch with null input', () => newTicket(), 'dispatch', null, actors.dispatcher, 'unit'],
    [
      'dispatch with too many co-units',
      () => newTicket(),
      'dispatch',
      { unit: LEAD, coUnits: Array.from({ length: 21 }, (_, i) => `U${i}`) },
      actors.dispatcher,
      'coUnits',
    ],
    ['dispatch with a blank co-unit', () => newTicket(), 'dispatch', { unit: LEAD, coUnits: [''] }, actors.dispatcher, 'coUnits[0]'],
    ['return without reason', () => dispatched(), 'return', {}, actors.handler, 'reason'],
    ['return with blank reason', () => dispatched(), 'return', { reason: '  ' }, actors.handler, 'reason'],
    ['contact with unknown stage', () => handling(), 'contact', { stage: 'middle', method: 'phone' }, actors.handler, 'stage'],
    ['contact with unknown method', () => handling(), 'contact', { stage: 'first', method: 'fax' }, actors.handler, 'method'],
    [
      'extension with a non-date',
      () => handling(),
      'requestExtension',
      { reason: 'r', commitment: 'c', until: '2026/10/20' },
      actors.handler,
      'until',
    ],
    // Found by schemathesis: '0000-00-00' has the shape of a date and made the calendar throw.
    [
      'extension with a date that does not exist',
      () => handling(),
      'requestExtension',
      { reason: 'r', commitment: 'c', until: '0000-00-00' },
      actors.handler,
      'until',
    ],
    [
      'extension with 30 February',
      () => handling(),
      'requestExtension',
      { reason: 'r', commitment: 'c', until: '2026-02-30' },
      actors.handler,
      'until',
    ],
    ['extension without commitment', () => handling(), 'requestExtension', { reason: 'r', until: '2026-10-20' }, actors.handler, 'commitment'],
    ['decideExtension without approve', () => states.extension_requested(), 'decideExtension', {}, actors.supervisor, 'approve'],
    ['reply without phone', () => contacted(), 'reply', { ...replyInput, handlerPhone: undefined }, actors.handler, 'handlerPhone'],
    ['reply with a bad phone', () => contacted(), 'reply', { ...replyInput, handlerPhone: 'call me' }, actors.handler, 'handlerPhone'],
    ['reply with solved as text', () => contacted(), 'reply', { ...replyInput, solved: 'yes' }, actors.handler, 'solved'],
    ['reply with empty content', () => contacted(), 'reply', { ...replyInput, content: '' }, actors.handler, 'content'],
    ['rejectReply without note', () => replied(), 'rejectReply', {}, actors.leader, 'note'],
    [
      'followUp with unknown satisfaction',
      () => inFollowUp(),
      'followUp',
      { satisfaction: 'great', resolved: true },
      actors.followUp,
      'satisfaction',
    ],
    ['followUp without resolved', () => inFollowUp(), 'followUp', { satisfaction: 'satisfied' }, actors.followUp, 'resolved'],
    [
      'followUp with negative requester',
      () => inFollowUp(),
      'followUp',
      { satisfaction: 'satisfied', resolved: true, requester: -1 },
      actors.followUp,
      'requester',
    ],
    [
      'followUp with fractional requester',
      () => inFollowUp(),
      'followUp',
      { satisfaction: 'satisfied', resolved: true, requester: 0.5 },
      actors.followUp,
      'requester',
    ],
    [
      'consultation with a non-ISO time',
      () => handling(),
      'consultation',
      { topic: 't', participants: ['p'], at: 'tomorrow' },
      actors.supervisor,
      'at',
    ],
    [
      'consultation without participants',
      () => handling(),
      'consultation',
      { topic: 't', participants: [], at: '2026-10-10T09:00:00+08:00' },
      actors.supervisor,
      'participants',
    ],
    ['handOff to 911', () => newTicket(), 'handOff', { service: '911' }, actors.operator, 'service'],
    ['merge without target', () => newTicket(), 'merge', {}, actors.operator, 'into'],
    ['outOfScope without explanation', () => newTicket(), 'outOfScope', { situation: 's' }, actors.operator, 'explanation'],
    ['whistle without department', () => handling(), 'whistle', {}, actors.handler, 'department'],
    ['transferOut without city', () => newTicket(), 'transferOut', {}, actors.operator, 'city'],
    ['note without text', () => handling(), 'note', {}, actors.handler, 'note'],
  ];

  it.each(cases)('%s', (_name, make, action, input, actor, field) => {
    const d = expectRejected(make(), action, input, actor, 'invalid', ['参数无效', field]);
    expect(d.details).toBeDefined();
    expect(d.details!.map((x) => x.path)).toContain(field);
    for (const x of d.details!) expect(typeof x.message).toBe('string');
  });

  it('a body that is not an object is reported as (body)', () => {
    const d = expectRejected(newTicket(), 'dispatch', 'U-WATER', actors.dispatcher, 'invalid', '(body)');
    expect(d.details).toEqual([{ path: '(body)', message: expect.any(String) }]);
  });

  it('validation comes before authorisation and status', () => {
    // Wrong role, wrong status and a bad payload → invalid.
    expectRejected(closed(), 'dispatch', {}, actors.followUp, 'invalid', 'unit');
  });

  it('an unknown action is invalid, including names inherited from Object.prototype', () => {
    for (const name of ['bogus', 'toString', 'constructor', '__proto__', 'hasOwnProperty']) {
      const s = newTicket();
      const unchanged = snapshot(s);
      const d = decide(s, name as ActionName, {}, { now: bj(AT), actor: actors.admin, rules: defaultRules, calendar, via: 'update' });
      expect(d).toMatchObject({ ok: false, code: 'invalid', status: 'registered' });
      expect(!d.ok && d.reason).toContain(name);
      unchanged();
    }
  });
});

describe('return rules', () => {
  it('after the 1-working-day window (returnBy 2026-09-30T16:00Z) the unit must handle it', () => {
    expectRejected(
      dispatched(),
      'return',
      { reason: 'x' },
      actors.handler,
      'conflict',
      ['回退期限', '2026-09-30T16:00:00.000Z'],
      '2026-10-01T00:00:00.001',
    );
    expectRejected(handling(), 'return', { reason: 'x' }, actors.leader, 'conflict', '回退期限', '2026-10-08T09:00');
  });

  it('a designated ticket cannot be returned, even inside a day', () => {
    const s = must(states.designating(), 'designate', { unit: OTHER }, actors.supervisor, '2026-09-29T11:00').state;
    expectRejected(s, 'return', { reason: 'x' }, actors.otherHandler, 'conflict', ['定责', '不得回退'], '2026-09-29T11:05');
    const h = must(s, 'sign', {}, actors.otherHandler, '2026-09-29T11:10').state;
    expectRejected(h, 'return', { reason: 'x' }, actors.otherHandler, 'conflict', '不得回退', '2026-09-29T11:15');
  });

  it('a unit designated by a consultation cannot return either', () => {
    let s = must(handling(), 'consultation', { topic: 't', participants: [LEAD], at: '2026-09-30T09:00:00+08:00' }, actors.supervisor, T.first).state;
    s = must(s, 'consultationOutcome', { summary: '由主办单位继续办理', unit: LEAD }, actors.supervisor, '2026-09-29T12:00').state;
    expect(s.flags.designated).toBe(true);
    expectRejected(s, 'return', { reason: 'x' }, actors.handler, 'conflict', '不得回退', '2026-09-29T12:10');
  });
});

describe('handling rules', () => {
  it('reply without two effective contacts', () => {
    expectRejected(handling(), 'reply', replyInput, actors.handler, 'conflict', '两次有效联系');
    const first = must(handling(), 'contact', { stage: 'first', method: 'phone' }, actors.handler, T.first).state;
    expectRejected(first, 'reply', replyInput, actors.handler, 'conflict', '两次有效联系');
  });

  it('contact stages in order, one first contact per round', () => {
    expectRejected(handling(), 'contact', { stage: 'final', method: 'phone' }, actors.handler, 'conflict', '首次联系');
    const first = must(handling(), 'contact', { stage: 'first', method: 'phone' }, actors.handler, T.first).state;
    expectRejected(first, 'contact', { stage: 'first', method: 'sms' }, actors.coHandler, 'conflict', '已登记首次联系');
  });

  it.each([
    ['provincial', { channel: 'provincial' }],
    ['jsbl', { jsbl: true }],
  ])('reply without the site visit when face-to-face is required (%s)', (_n, opts) => {
    const s = contacted(newTicket(opts));
    expect(s.flags.faceToFaceRequired).toBe(true);
    expectRejected(s, 'reply', replyInput, actors.handler, 'conflict', ['三个见面', '现场见面']);
  });

  it('reply not solved without a policy basis', () => {
    expectRejected(contacted(), 'reply', { ...replyInput, solved: false }, actors.handler, 'conflict', 'basis');
    expectRejected(contacted(), 'reply', { ...replyInput, solved: false, basis: '   ' }, actors.handler, 'invalid', 'basis');
  });

  it('extension date not after the current reply deadline (2026-10-10)', () => {
    for (const until of ['2026-10-10', '2026-10-09', '2026-09-01']) {
      expectRejected(handling(), 'requestExtension', { reason: 'r', commitment: 'c', until }, actors.handler, 'conflict', [
        '延期日期须晚于',
        '2026-10-10T16:00:00.000Z',
      ]);
    }
    expect(must(handling(), 'requestExtension', { reason: 'r', commitment: 'c', until: '2026-10-11' }, actors.handler, AT).state.status).toBe(
      'extension_requested',
    );
  });

  it('transfer to the unit that already leads it', () => {
    expectRejected(handling(), 'transfer', { unit: LEAD }, actors.dispatcher, 'conflict', ['已由', LEAD]);
  });

  it('whistle for a unit already on the ticket', () => {
    expectRejected(handling(), 'whistle', { department: CO }, actors.handler, 'conflict', [CO, '已是本工单的承办单位']);
    expectRejected(handling(), 'whistle', { department: LEAD }, actors.handler, 'conflict', '已是本工单的承办单位');
  });

  it('merge into itself', () => {
    expectRejected(newTicket(), 'merge', { into: 'T-1' }, actors.operator, 'conflict', '自身');
  });

  it('consultation outcome without an open consultation', () => {
    expectRejected(handling(), 'consultationOutcome', { summary: 's' }, actors.supervisor, 'conflict', '没有待出结论的联席会商');
    let s = must(handling(), 'consultation', { topic: 't', participants: ['p'], at: '2026-09-30T09:00:00+08:00' }, actors.supervisor, T.first).state;
    s = must(s, 'consultationOutcome', { summary: 's' }, actors.supervisor, T.final).state;
    expectRejected(s, 'consultationOutcome', { summary: 's2' }, actors.supervisor, 'conflict', '没有待出结论的联席会商');
  });
});

describe('follow-up rules', () => {
  it('followUp for a requester index that does not exist', () => {
    expectRejected(inFollowUp(), 'followUp', { satisfaction: 'satisfied', resolved: true, requester: 1 }, actors.followUp, 'conflict', [
      '#1',
      '待回访：0',
    ]);
  });

  function twoRequesters(citizenB: Record<string, unknown>, seedHandling = true): TicketState {
    const a = newTicket({ id: 'A', seedHandling });
    const m = must(newTicket({ id: 'B', citizen: citizenB }), 'merge', { into: 'A' }, actors.operator, '2026-09-29T09:45');
    const reqs = (m.effects[0] as Extract<Effect, { kind: 'mergeInto' }>).requesters;
    const d = addRequesters(a, reqs, { now: bj('2026-09-29T09:46'), actor: actors.system, via: 'signal' }, 'B');
    if (!d.ok) throw new Error(d.reason);
    return inFollowUp(d.state);
  }

  it('followUp for a requester who declined the call', () => {
    const s = twoRequesters({ name: '李四', phone: '13900000000', followUp: false });
    expectRejected(s, 'followUp', { satisfaction: 'satisfied', resolved: true, requester: 1 }, actors.followUp, 'conflict', ['#1', '待回访名单']);
  });

  it('followUp for a requester already answered this round', () => {
    const s = twoRequesters({ name: '李四', phone: '13900000000' });
    const once = must(s, 'followUp', { satisfaction: 'satisfied', resolved: true, requester: 0 }, actors.followUp, T.followUp).state;
    expectRejected(once, 'followUp', { satisfaction: 'unsatisfied', resolved: false, requester: 0 }, actors.followUp, 'conflict', [
      '#0',
      '待回访：1',
    ]);
  });

  // closeNonCompliant: tickets registered before seed-handling-v1 (since, the unit declares: ticket-non-compliant.test.ts).
  it('closeNonCompliant without an unsatisfied follow-up', () => {
    expectRejected(inFollowUp(newTicket({ seedHandling: false })), 'closeNonCompliant', { reason: 'r' }, actors.supervisor, 'conflict', '回访不满意');
    const s = twoRequesters({ name: '李四', phone: '13900000000' }, false);
    const once = must(s, 'followUp', { satisfaction: 'satisfied', resolved: true }, actors.followUp, T.followUp).state;
    expectRejected(once, 'closeNonCompliant', { reason: 'r' }, actors.supervisor, 'conflict', '回访不满意');
  });

  it('closeNonCompliant looks only at the round that was judged', () => {
    // Round 0 unsatisfied → re-handle; round 1 reply approved, nobody answered yet → not allowed.
    const legacy = inFollowUp(newTicket({ seedHandling: false }));
    const s = run(must(legacy, 'followUp', { satisfaction: 'unsatisfied', resolved: false }, actors.followUp, T.followUp).state, [
      ['contact', { stage: 'first', method: 'phone' }, actors.handler, '2026-10-10T09:00'],
      ['contact', { stage: 'final', method: 'phone' }, actors.handler, '2026-10-10T10:00'],
      ['reply', replyInput, actors.handler, '2026-10-10T11:00'],
      ['reviewReply', {}, actors.reviewer, '2026-10-10T11:30'],
      ['approveReply', {}, actors.leader, '2026-10-10T12:00'],
    ]);
    expect(s.status).toBe('follow_up');
    expectRejected(s, 'closeNonCompliant', { reason: 'r' }, actors.supervisor, 'conflict', '回访不满意', '2026-10-10T13:00');
  });
});

describe('statuses used in this file', () => {
  it('cover every non-terminal status', () => {
    const names = Object.keys(states).sort();
    const expected: TicketStatus[] = [
      'registered',
      'dispatched',
      'handling',
      'returned',
      'designating',
      'extension_requested',
      'reply_review',
      'replied',
      'follow_up',
      'rehandling',
      'non_compliant_review',
    ];
    expect(names).toEqual([...expected].sort());
  });
});
