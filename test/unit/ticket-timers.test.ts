// Timed rules: nextWakeAt() says when the workflow must wake next, fireDue() applies everything due.
import {
  addRequesters,
  defaultRules,
  DirectDispatchTarget,
  Effect,
  fireDue,
  nextWakeAt,
  systemActor,
  TicketRules,
  TicketState,
  TimerContext,
} from '../../domain/ticket';
import {
  actors,
  bj,
  bjIso,
  calendar,
  dispatched,
  handling,
  inFollowUp,
  LEAD,
  must,
  newTicket,
  OTHER,
  replied,
  replyInput,
  run,
  snapshot,
  T,
  voiceRules,
} from './ticket-fixtures';

const ctx = (rules: TicketRules = defaultRules, directDispatch?: DirectDispatchTarget): TimerContext => ({
  rules,
  calendar,
  directDispatch,
});
const wake = (s: TicketState, c: TimerContext = ctx()) => {
  const at = nextWakeAt(s, c);
  return at === undefined ? undefined : new Date(at).toISOString();
};
const iso = (ms: number) => new Date(ms).toISOString();

/** fireDue at an ISO instant. */
const fireAt = (s: TicketState, at: string, c: TimerContext = ctx()) => fireDue(s, Date.parse(at), c);

/** Asserts nothing fires 1 ms before `at`, and returns what fires at exactly `at`. */
function firesExactlyAt(s: TicketState, at: string, c: TimerContext = ctx()) {
  expect(wake(s, c)).toBe(at);
  const unchanged = snapshot(s);
  const early = fireDue(s, Date.parse(at) - 1, c);
  expect(early.effects).toEqual([]);
  expect(early.state).toBe(s);
  const r = fireAt(s, at, c);
  unchanged();
  return r;
}

const first = (s: TicketState) => must(s, 'contact', { stage: 'first', method: 'phone' }, actors.handler, T.first).state;

describe('direct dispatch (直派, 15 minutes)', () => {
  const target: DirectDispatchTarget = { unit: 'U-POWER', supervisors: ['GOV-D01', 'DEPT-CITY'] };
  const c = ctx(defaultRules, target);

  it('fires at exactly registeredAt + 15 min, dispatching to the catalog unit and copying both supervisors', () => {
    const s = newTicket({ directDispatch: target }); // registered 09:30 Beijing
    const r = firesExactlyAt(s, '2026-09-29T01:45:00.000Z', c);
    expect(r.state).toMatchObject({
      status: 'dispatched',
      leadUnit: 'U-POWER',
      coUnits: [],
      dispatchedAt: '2026-09-29T01:45:00.000Z',
    });
    expect(r.state.flags.designated).toBe(false);
    expect(r.state.counters.dispatches).toBe(1);
    expect(r.state.deadlines).toEqual({
      dispatchBy: '2026-09-29T01:45:00.000Z',
      signBy: '2026-09-29T02:15:00.000Z', // urgent: 30 min
      returnBy: '2026-09-30T16:00:00.000Z',
      replyBy: '2026-10-10T16:00:00.000Z',
    });
    expect(r.effects).toEqual<Effect[]>([
      { kind: 'notify', event: 'direct_dispatched', units: ['U-POWER'], key: 'direct-dispatch' },
      { kind: 'notify', event: 'direct_dispatch_supervision', units: ['GOV-D01', 'DEPT-CITY'], key: 'direct-dispatch-supervision' },
    ]);
    expect(r.state.history.at(-1)).toEqual({
      seq: 2,
      at: '2026-09-29T01:45:00.000Z',
      action: 'directDispatch',
      actor: systemActor,
      via: 'timer',
      status: 'dispatched',
    });
    // Next: the sign-for deadline.
    expect(wake(r.state, c)).toBe('2026-09-29T02:15:00.000Z');
  });

  it('does nothing once a person dispatched it', () => {
    const s = must(newTicket({ directDispatch: target }), 'dispatch', { unit: OTHER }, actors.dispatcher, '2026-09-29T09:40').state;
    expect(wake(s, c)).toBe(s.deadlines.signBy);
    expect(s.deadlines.signBy).toBe(bjIso('2026-09-29T10:10'));
    const r = fireAt(s, '2026-09-29T01:45:00.000Z', c);
    expect(r.effects).toEqual([]);
    expect(r.state.leadUnit).toBe(OTHER);
  });

  it('a late wake-up dispatches at the wake-up time', () => {
    const r = fireAt(newTicket({ directDispatch: target }), bjIso('2026-09-29T10:00'), c);
    expect(r.state.dispatchedAt).toBe(bjIso('2026-09-29T10:00'));
    expect(r.effects.map((e) => e.kind === 'notify' && e.event)).toEqual(['direct_dispatched', 'direct_dispatch_supervision']);
  });

  it('an ordinary registered ticket from before dispatch-due-v1 has no timer (since then: ticket-dispatch-due.test.ts)', () => {
    const unwatched = { ...ctx(), dispatchUnwatched: true };
    expect(wake(newTicket(), unwatched)).toBeUndefined();
    const s = newTicket();
    const r = fireAt(s, '2026-12-31T00:00:00.000Z', unwatched);
    expect(r.state).toBe(s);
    expect(r.effects).toEqual([]);
  });
});

describe('sign-for and first contact', () => {
  it('signOverdue at signBy (dispatch + 120 min), notifying the lead unit once', () => {
    const s = dispatched();
    const r = firesExactlyAt(s, '2026-09-29T04:00:00.000Z');
    expect(r.state.alerts.signOverdue).toBe(true);
    expect(r.state.status).toBe('dispatched');
    expect(r.effects).toEqual([{ kind: 'notify', event: 'sign_overdue', units: [LEAD], key: 'sign-overdue-1' }]);
    expect(r.state.history.at(-1)).toMatchObject({ action: 'signOverdue', actor: systemActor, via: 'timer' });
    // Then the reply reminder, 24 h before replyBy.
    expect(wake(r.state)).toBe('2026-10-09T16:00:00.000Z');
    expect(fireAt(r.state, '2026-10-09T15:59:59.999Z').effects).toEqual([]);
  });

  it('firstContactOverdue at firstContactBy (sign + 24 h) unless the first contact was made', () => {
    const s = handling();
    const r = firesExactlyAt(s, '2026-09-30T02:30:00.000Z');
    expect(r.state.alerts.firstContactOverdue).toBe(true);
    expect(r.effects).toEqual([{ kind: 'notify', event: 'contact_overdue', units: [LEAD], key: 'contact-overdue-1' }]);
    expect(wake(first(s))).toBe('2026-10-09T16:00:00.000Z');
  });
});

describe('reply deadline and the escalation ladder', () => {
  const replyBy = '2026-10-10T16:00:00.000Z';

  it('reply reminder 24 h before replyBy', () => {
    const s = first(handling());
    const r = firesExactlyAt(s, '2026-10-09T16:00:00.000Z');
    expect(r.state.alerts.replyReminder).toBe(true);
    expect(r.state.flags.overdue).toBe(false);
    expect(r.effects).toEqual([{ kind: 'notify', event: 'reply_reminder', units: [LEAD], key: `reply-reminder-1-0-${replyBy}` }]);
  });

  it('breach at replyBy: overdue, escalation level 1, the first ladder measure, supervisors told', () => {
    const s = fireAt(first(handling()), '2026-10-09T16:00:00.000Z').state;
    const r = firesExactlyAt(s, replyBy);
    expect(r.state.flags).toMatchObject({ overdue: true, escalationLevel: 1 });
    expect(r.state.alerts.escalationSteps).toBe(1);
    expect(r.state.status).toBe('handling');
    expect(r.effects).toEqual([
      { kind: 'notify', event: 'escalation', units: [LEAD], supervisors: true, detail: '超期催办：电话催办', key: 'escalation-1-0-1' },
    ]);
    expect(r.state.history.at(-1)).toMatchObject({ action: 'replyOverdue', via: 'timer' });
  });

  it('later steps at 1, 3 and 5 working days after the deadline, each once, then nothing', () => {
    let s = fireAt(first(handling()), replyBy).state; // reminder + breach
    expect(s.flags.escalationLevel).toBe(1);
    const steps: [string, number, string][] = [
      ['2026-10-12T16:00:00.000Z', 2, '书面催办：发送提示函'], // Sun 10-11 is not a working day
      ['2026-10-14T16:00:00.000Z', 3, '提级督办：召开协调会'],
      ['2026-10-16T16:00:00.000Z', 4, '公开曝光并列入督办事项'],
    ];
    for (const [at, level, label] of steps) {
      const r = firesExactlyAt(s, at);
      expect(r.state.flags.escalationLevel).toBe(level);
      expect(r.effects).toEqual([
        { kind: 'notify', event: 'escalation', units: [LEAD], supervisors: true, detail: label, key: `escalation-1-0-${level}` },
      ]);
      expect(r.state.history.at(-1)).toMatchObject({ action: 'escalation', via: 'timer' });
      s = r.state;
    }
    expect(wake(s)).toBeUndefined();
    const later = fireAt(s, '2027-06-01T00:00:00.000Z');
    expect(later.state).toBe(s);
    expect(later.effects).toEqual([]);
  });

  it('after a long gap, fireDue applies every step in order exactly once', () => {
    const s = first(handling());
    const unchanged = snapshot(s);
    const r = fireAt(s, '2026-10-20T00:00:00.000Z');
    unchanged();
    expect(r.effects).toEqual([
      { kind: 'notify', event: 'reply_reminder', units: [LEAD], key: `reply-reminder-1-0-${replyBy}` },
      ...['超期催办：电话催办', '书面催办：发送提示函', '提级督办：召开协调会', '公开曝光并列入督办事项'].map((detail, i) => ({
        kind: 'notify',
        event: 'escalation',
        units: [LEAD],
        supervisors: true,
        detail,
        key: `escalation-1-0-${i + 1}`,
      })),
    ]);
    expect(r.state.history.slice(s.history.length).map((h) => [h.action, h.at])).toEqual([
      ['replyReminder', '2026-10-20T00:00:00.000Z'],
      ['replyOverdue', '2026-10-20T00:00:00.000Z'],
      ['escalation', '2026-10-20T00:00:00.000Z'],
      ['escalation', '2026-10-20T00:00:00.000Z'],
      ['escalation', '2026-10-20T00:00:00.000Z'],
    ]);
    expect(r.state.flags).toMatchObject({ overdue: true, escalationLevel: 4 });
    const again = fireAt(r.state, '2026-10-20T00:00:00.000Z');
    expect(again.effects).toEqual([]);
    expect(again.state).toBe(r.state);
  });

  it('a long gap stops at the steps actually due', () => {
    const r = fireAt(first(handling()), '2026-10-13T00:00:00.000Z');
    expect(r.state.flags.escalationLevel).toBe(2);
    expect(wake(r.state)).toBe('2026-10-14T16:00:00.000Z');
  });

  it('an unsigned ticket is chased too: sign overdue, reminder, ladder', () => {
    const r = fireAt(dispatched(), '2026-10-20T00:00:00.000Z');
    expect(r.effects.map((e) => e.kind === 'notify' && e.event)).toEqual([
      'sign_overdue',
      'reply_reminder',
      'escalation',
      'escalation',
      'escalation',
      'escalation',
    ]);
    expect(r.state.status).toBe('dispatched');
  });

  it('a ticket waiting for sign-off before the reply-sign-off patch is no longer chased (the old rule)', () => {
    const s = replied();
    const legacy = { ...ctx(), replyClockStopsAtDraft: true };
    expect(wake(s, legacy)).toBeUndefined();
    expect(fireAt(s, '2026-10-20T00:00:00.000Z', legacy).effects).toEqual([]);
  });

  it('provincial: the ladder counts from the halved deadline 2026-10-08', () => {
    const s = first(handling(newTicket({ channel: 'provincial' })));
    expect(wake(s)).toBe('2026-10-07T16:00:00.000Z');
    const r = fireAt(s, '2026-10-08T16:00:00.000Z');
    expect(r.state.flags.escalationLevel).toBe(1);
    expect(wake(r.state)).toBe('2026-10-09T16:00:00.000Z');
  });

  it('an approved extension moves the reminder (as a commitment reminder) and the breach', () => {
    let s = fireAt(first(handling()), '2026-10-09T16:00:00.000Z').state; // old reminder fired
    expect(s.alerts.replyReminder).toBe(true);
    s = run(s, [
      ['requestExtension', { reason: 'r', commitment: '10月16日前修复', until: '2026-10-16' }, actors.handler, '2026-10-10T09:00'],
      ['decideExtension', { approve: true }, actors.supervisor, '2026-10-10T10:00'],
    ]);
    expect(wake(s)).toBe('2026-10-15T16:00:00.000Z');
    const r = fireAt(s, '2026-10-15T16:00:00.000Z');
    expect(r.effects).toEqual([{ kind: 'notify', event: 'commitment_reminder', units: [LEAD], key: 'reply-reminder-1-0-2026-10-16T16:00:00.000Z' }]);
    expect(wake(r.state)).toBe('2026-10-16T16:00:00.000Z');
    expect(fireAt(r.state, '2026-10-16T16:00:00.000Z').state.flags.overdue).toBe(true);
  });

  it('the ladder keeps running while an extension request is pending', () => {
    const s = must(first(handling()), 'requestExtension', { reason: 'r', commitment: 'c', until: '2026-10-20' }, actors.handler, T.visit).state;
    expect(s.status).toBe('extension_requested');
    expect(wake(s)).toBe('2026-10-09T16:00:00.000Z');
    expect(fireAt(s, replyBy).state.flags.escalationLevel).toBe(1);
  });

  it('a re-handle starts a fresh ladder against the new deadline', () => {
    let s = must(inFollowUp(), 'followUp', { satisfaction: 'unsatisfied', resolved: false }, actors.followUp, '2026-10-12T10:00').state;
    // A re-handle round starts with R4's first-contact deadline: 24 h after the follow-up.
    expect(wake(s)).toBe('2026-10-13T02:00:00.000Z');
    s = must(s, 'contact', { stage: 'first', method: 'phone' }, actors.handler, '2026-10-12T11:00').state;
    expect(wake(s)).toBe('2026-10-15T16:00:00.000Z');
    const r = fireAt(s, '2026-10-16T16:00:00.000Z');
    expect(r.effects).toEqual([
      { kind: 'notify', event: 'reply_reminder', units: [LEAD], key: 'reply-reminder-1-1-2026-10-16T16:00:00.000Z' },
      { kind: 'notify', event: 'escalation', units: [LEAD], supervisors: true, detail: '超期催办：电话催办', key: 'escalation-1-1-1' },
    ]);
  });

  it('a transfer resets the alerts for the new unit', () => {
    const s = fireAt(first(handling()), replyBy).state;
    const t = must(s, 'transfer', { unit: OTHER }, actors.supervisor, '2026-10-12T09:00').state;
    expect(t.flags).toMatchObject({ overdue: false, escalationLevel: 0 });
    expect(t.alerts).toEqual({ escalationSteps: 0 });
    expect(wake(t)).toBe(bjIso('2026-10-12T11:00')); // sign-for deadline
  });
});

describe('designation overdue', () => {
  it('fires at designateBy (3 working days) to the supervision desk', () => {
    const s = must(dispatched(), 'return', { reason: '职责争议', disputed: true }, actors.handler, T.sign).state;
    const r = firesExactlyAt(s, '2026-10-09T16:00:00.000Z');
    expect(r.state.alerts.designationOverdue).toBe(true);
    expect(r.state.status).toBe('designating');
    expect(r.effects).toEqual([{ kind: 'notify', event: 'designation_overdue', units: [], supervisors: true, key: 'designation-overdue-1' }]);
    expect(wake(r.state)).toBeUndefined();
  });

  it('a returned (not designating) ticket has no timer', () => {
    const s = must(dispatched(), 'return', { reason: '非本单位' }, actors.handler, T.sign).state;
    expect(wake(s)).toBeUndefined();
  });
});

describe('follow-up calls (回访)', () => {
  const c = ctx(voiceRules);
  const call = (attempt: number, requesters = [0]): Effect => ({ kind: 'placeFollowUpCall', attempt, requesters });

  it('with the manual provider only the unreachable deadline is timed', () => {
    const s = inFollowUp();
    expect(s.followUp!.queue).toBe('manual');
    const r = firesExactlyAt(s, bjIso('2026-10-12T11:00'));
    expect(r.effects).toEqual([]);
    expect(r.state).toMatchObject({ status: 'closed', closedAt: bjIso('2026-10-12T11:00') });
    expect(r.state.outcome).toEqual({ closure: 'unreachable' });
  });

  it('voice: first call at approval time (11:00 Beijing), spaced 60 min, then manual, then unreachable at followUpBy', () => {
    let s = inFollowUp(newTicket(), voiceRules); // approved 2026-10-09 11:00 Beijing
    expect(s.followUp).toEqual({ startedAt: bjIso(T.approve), queue: 'auto', round: 0 });
    expect(s.counters.followUpAttempts).toBe(0);

    const times = ['2026-10-09T11:00', '2026-10-09T12:00', '2026-10-09T13:00'];
    times.forEach((local, i) => {
      const r = firesExactlyAt(s, bjIso(local), c);
      expect(r.effects).toEqual([call(i + 1)]);
      expect(r.state.counters.followUpAttempts).toBe(i + 1);
      expect(r.state.followUp!.lastCallAt).toBe(bjIso(local));
      expect(r.state.history.at(-1)).toMatchObject({ action: 'followUpCall', via: 'timer' });
      s = r.state;
    });

    const m = firesExactlyAt(s, bjIso('2026-10-09T14:00'), c);
    expect(m.effects).toEqual([]);
    expect(m.state.followUp!.queue).toBe('manual');
    expect(m.state.status).toBe('follow_up');
    expect(m.state.history.at(-1)).toMatchObject({ action: 'followUpToManual' });

    const u = firesExactlyAt(m.state, bjIso('2026-10-12T11:00'), c);
    expect(u.state).toMatchObject({ status: 'closed', closedAt: bjIso('2026-10-12T11:00') });
    expect(u.state.outcome!.closure).toBe('unreachable');
    expect(u.state.deadlines.followUpBy).toBeUndefined();
    expect(u.state.history.at(-1)).toMatchObject({ action: 'followUpUnreachable', status: 'closed' });
    expect(wake(u.state, c)).toBeUndefined();
  });

  it('approved at 22:00 Beijing: first call at 08:00 next morning', () => {
    const s = must(replied(newTicket(), voiceRules), 'approveReply', {}, actors.leader, '2026-10-09T22:00', voiceRules).state;
    const r = firesExactlyAt(s, bjIso('2026-10-10T08:00'), c);
    expect(r.effects).toEqual([call(1)]);
    expect(wake(r.state, c)).toBe(bjIso('2026-10-10T09:00'));
  });

  it('approved at 05:00 Beijing: first call at 08:00 the same morning', () => {
    const s = must(replied(newTicket(), voiceRules), 'approveReply', {}, actors.leader, '2026-10-10T05:00', voiceRules).state;
    expect(wake(s, c)).toBe(bjIso('2026-10-10T08:00'));
  });

  it('a call that would fall after 21:00 waits for 08:00, and the next is spaced from that call', () => {
    let s = must(replied(newTicket(), voiceRules), 'approveReply', {}, actors.leader, '2026-10-09T20:30', voiceRules).state;
    for (const [i, local] of ['2026-10-09T20:30', '2026-10-10T08:00', '2026-10-10T09:00'].entries()) {
      const r = firesExactlyAt(s, bjIso(local), c);
      expect(r.effects).toEqual([call(i + 1)]);
      s = r.state;
    }
    expect(wake(s, c)).toBe(bjIso('2026-10-10T10:00'));
  });

  it('a result ends the calls', () => {
    const s = fireAt(inFollowUp(newTicket(), voiceRules), bjIso(T.approve), c).state;
    const done = must(s, 'followUp', { satisfaction: 'satisfied', resolved: true }, actors.system, '2026-10-09T11:05', voiceRules).state;
    expect(done.status).toBe('closed');
    expect(wake(done, c)).toBeUndefined();
  });

  it('calls name only the requesters still pending', () => {
    const a = newTicket({ id: 'A' });
    const s0 = {
      ...a,
      requesters: [
        ...a.requesters,
        { name: '李四', phone: '13900000000', anonymous: false, followUp: true, fromTicket: 'B', addedAt: a.registeredAt },
      ],
    };
    let s = inFollowUp(s0, voiceRules);
    let r = fireAt(s, bjIso(T.approve), c);
    expect(r.effects).toEqual([call(1, [0, 1])]);
    s = must(r.state, 'followUp', { satisfaction: 'satisfied', resolved: true, requester: 0 }, actors.system, '2026-10-09T11:05', voiceRules).state;
    r = fireAt(s, bjIso('2026-10-09T12:00'), c);
    expect(r.effects).toEqual([call(2, [1])]);
  });

  /** Ticket A with a second requester merged in from B, in follow-up (manual provider). */
  function twoInFollowUp(): TicketState {
    const a = newTicket({ id: 'A' });
    const m = must(
      newTicket({ id: 'B', citizen: { name: '李四', phone: '13900000000' } }),
      'merge',
      { into: 'A' },
      actors.operator,
      '2026-09-29T09:45',
    );
    const reqs = (m.effects[0] as Extract<Effect, { kind: 'mergeInto' }>).requesters;
    const d = addRequesters(a, reqs, { now: bj('2026-09-29T09:46'), actor: actors.system, via: 'signal' }, 'B');
    if (!d.ok) throw new Error(d.reason);
    return inFollowUp(d.state);
  }

  it('one requester unsatisfied, the other unreachable: re-handle at followUpBy, not an unreachable closure', () => {
    const s = must(twoInFollowUp(), 'followUp', { satisfaction: 'unsatisfied', resolved: false }, actors.followUp, T.followUp).state;
    expect(s.status).toBe('follow_up');
    const r = firesExactlyAt(s, bjIso('2026-10-12T11:00'));
    expect(r.state.status).toBe('rehandling');
    expect(r.state.counters.rehandles).toBe(1);
    expect(r.state.outcome).toBeUndefined();
    // Fresh 4 working days from Mon 10-12 11:00: 10-13 .. 10-16.
    expect(r.state.deadlines).toEqual({
      dispatchBy: '2026-09-29T03:30:00.000Z',
      replyBy: '2026-10-16T16:00:00.000Z',
      firstContactBy: '2026-10-13T03:00:00.000Z',
    });
    expect(r.effects).toEqual([{ kind: 'notify', event: 'rehandle', units: [LEAD], key: 'rehandle-1' }]);
    expect(r.state.history.at(-1)).toMatchObject({ action: 'followUpUnreachable', status: 'rehandling', via: 'timer' });
  });

  it('one requester satisfied, the other unreachable: closes unreachable', () => {
    const s = must(twoInFollowUp(), 'followUp', { satisfaction: 'satisfied', resolved: true }, actors.followUp, T.followUp).state;
    const r = firesExactlyAt(s, bjIso('2026-10-12T11:00'));
    expect(r.state.status).toBe('closed');
    expect(r.state.outcome).toEqual({ closure: 'unreachable' });
  });

  it('a re-handled ticket starts a new round of calls', () => {
    let s = fireAt(inFollowUp(newTicket(), voiceRules), bjIso('2026-10-09T13:00'), c).state;
    s = must(s, 'followUp', { satisfaction: 'unsatisfied', resolved: false }, actors.system, '2026-10-09T13:30', voiceRules).state;
    s = run(
      s,
      [
        ['contact', { stage: 'first', method: 'phone' }, actors.handler, '2026-10-10T09:00'],
        ['contact', { stage: 'final', method: 'phone' }, actors.handler, '2026-10-10T10:00'],
        ['reply', replyInput, actors.handler, '2026-10-10T11:00'],
        ['reviewReply', {}, actors.reviewer, '2026-10-10T11:30'],
        ['approveReply', {}, actors.leader, '2026-10-10T12:00'],
      ],
      voiceRules,
    );
    expect(s.followUp).toEqual({ startedAt: bjIso('2026-10-10T12:00'), queue: 'auto', round: 1 });
    expect(s.counters.followUpAttempts).toBe(0);
    expect(wake(s, c)).toBe(bjIso('2026-10-10T12:00'));
  });
});

describe('purity of fireDue', () => {
  it('returns the same object when nothing is due, a new one otherwise', () => {
    const s = dispatched();
    expect(fireDue(s, bj('2026-09-29T11:00'), ctx()).state).toBe(s);
    const r = fireDue(s, bj('2026-09-29T12:00'), ctx());
    expect(r.state).not.toBe(s);
    expect(s.alerts.signOverdue).toBeUndefined();
    expect(iso(bj('2026-09-29T12:00'))).toBe('2026-09-29T04:00:00.000Z');
  });
});
