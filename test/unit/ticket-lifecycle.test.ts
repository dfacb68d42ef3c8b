// decide(): the happy paths of a ticket's life — dispatch, sign, two contacts, reply, sign-off,
// follow-up, closure — plus returns and designation, extensions, re-handling, merging, the intake
// endings, whistle-blowing and consultations.
import { addRequesters, defaultRules, Effect, TicketState } from '../../domain/ticket';
import {
  act,
  actors,
  bj,
  bjIso,
  CO,
  contacted,
  dispatched,
  handling,
  inFollowUp,
  LEAD,
  legacyDrafted,
  must,
  newTicket,
  OTHER,
  replied,
  replyInput,
  run,
  snapshot,
  T,
} from './ticket-fixtures';

const satisfied = { satisfaction: 'satisfied', resolved: true };
const unsatisfied = { satisfaction: 'unsatisfied', resolved: false };

describe('full lifecycle', () => {
  it('dispatch → sign → contact ×2 → reply → approve → follow-up satisfied → closed', () => {
    const t0 = newTicket();

    // 派单 on Tue 09-29 10:00 Beijing, with a co-handling unit.
    const d1 = must(t0, 'dispatch', { unit: LEAD, coUnits: [CO], note: '按目录派单' }, actors.dispatcher, T.dispatch);
    expect(d1.state).toMatchObject({
      status: 'dispatched',
      statusLabel: '已派单待签收',
      leadUnit: LEAD,
      coUnits: [CO],
      dispatchedAt: bjIso(T.dispatch),
    });
    expect(d1.state.deadlines).toEqual({
      dispatchBy: '2026-09-29T03:30:00.000Z',
      signBy: '2026-09-29T04:00:00.000Z', // +120 min (not urgent)
      returnBy: '2026-09-30T16:00:00.000Z', // 1 working day
      replyBy: '2026-10-10T16:00:00.000Z', // 4 working days: 09-30, 10-08, 10-09, 10-10 (make-up Sat)
    });
    expect(d1.state.counters.dispatches).toBe(1);
    expect(d1.state.flags.designated).toBe(false);
    expect(d1.effects).toEqual<Effect[]>([
      { kind: 'notify', event: 'dispatched', units: [LEAD], key: 'dispatch-1' },
      { kind: 'notify', event: 'co_dispatched', units: [CO], key: 'co-1' },
    ]);

    // 签收
    const d2 = must(d1.state, 'sign', {}, actors.handler, T.sign);
    expect(d2.state).toMatchObject({ status: 'handling', statusLabel: '办理中', signedAt: bjIso(T.sign) });
    expect(d2.state.deadlines.firstContactBy).toBe('2026-09-30T02:30:00.000Z'); // +24 h
    expect(d2.effects).toEqual([]);

    // 两次有效联系 (the co-unit may register one)
    const d3 = must(d2.state, 'contact', { stage: 'first', method: 'phone', note: '已电话联系' }, actors.handler, T.first);
    expect(d3.state.contacts).toEqual([{ stage: 'first', method: 'phone', note: '已电话联系', at: bjIso(T.first), by: actors.handler.id }]);
    const d4 = must(d3.state, 'contact', { stage: 'final', method: 'visit' }, actors.coHandler, T.final);
    expect(d4.state.contacts.map((c) => [c.stage, c.method, c.by])).toEqual([
      ['first', 'phone', actors.handler.id],
      ['final', 'visit', actors.coHandler.id],
    ]);

    // 答复
    const d5a = must(d4.state, 'reply', replyInput, actors.handler, T.reply);
    expect(d5a.state.status).toBe('reply_review');
    expect(d5a.state.reply).toEqual({
      ...replyInput,
      basis: undefined,
      at: bjIso(T.reply),
      by: actors.handler.id,
      onTime: true,
      reviewFlow: 'two_step',
    });

    // 审核 (R7)
    const d5 = must(d5a.state, 'reviewReply', {}, actors.reviewer, T.review);
    expect(d5.state.status).toBe('replied');

    // 审签
    const d6 = must(d5.state, 'approveReply', { note: '同意' }, actors.leader, T.approve);
    expect(d6.state.status).toBe('follow_up');
    expect(d6.state.reply!.review).toEqual({ approved: true, note: '同意', at: bjIso(T.approve), by: actors.leader.id });
    expect(d6.state.followUp).toEqual({ startedAt: bjIso(T.approve), queue: 'manual', round: 0 });
    expect(d6.state.deadlines.followUpBy).toBe(bjIso('2026-10-12T11:00')); // +72 h
    expect(d6.effects).toEqual([]);

    // 回访
    const d7 = must(d6.state, 'followUp', { ...satisfied, note: '满意' }, actors.followUp, T.followUp);
    const end = d7.state;
    expect(end).toMatchObject({ status: 'closed', statusLabel: '已办结', closedAt: bjIso(T.followUp) });
    expect(end.outcome).toEqual({ closure: 'satisfied' });
    expect(end.deadlines.followUpBy).toBeUndefined();
    expect(end.followUps).toEqual([
      { requester: 0, satisfaction: 'satisfied', resolved: true, note: '满意', at: bjIso(T.followUp), by: actors.followUp.id, round: 0 },
    ]);

    expect(end.history.map((h) => [h.seq, h.action, h.actor.id, h.status, h.via])).toEqual([
      [1, 'register', actors.operator.id, 'registered', 'system'],
      [2, 'dispatch', actors.dispatcher.id, 'dispatched', 'update'],
      [3, 'sign', actors.handler.id, 'handling', 'update'],
      [4, 'contact', actors.handler.id, 'handling', 'update'],
      [5, 'contact', actors.coHandler.id, 'handling', 'update'],
      [6, 'reply', actors.handler.id, 'reply_review', 'update'],
      [7, 'reviewReply', actors.reviewer.id, 'replied', 'update'],
      [8, 'approveReply', actors.leader.id, 'follow_up', 'update'],
      [9, 'followUp', actors.followUp.id, 'closed', 'update'],
    ]);
    expect(end.history[1]).toEqual({
      seq: 2,
      at: bjIso(T.dispatch),
      action: 'dispatch',
      actor: actors.dispatcher,
      via: 'update',
      status: 'dispatched',
      note: '按目录派单',
    });
    expect(end.history[2].note).toBeUndefined();
    expect(end.history[7].note).toBe('同意');

    // Every step returned a new object; the earlier states were left alone.
    expect(t0.status).toBe('registered');
    expect(t0.history).toHaveLength(1);
    expect(d1.state.history).toHaveLength(2);
  });

  it('provincial ticket: reply deadline halved to 2 working days, return still 1', () => {
    const s = dispatched(newTicket({ channel: 'provincial' }));
    expect(s.deadlines).toMatchObject({
      returnBy: '2026-09-30T16:00:00.000Z',
      replyBy: '2026-10-08T16:00:00.000Z',
    });
  });

  it('urgent ticket: sign within 30 minutes, first contact within 2 hours', () => {
    const s = handling(newTicket({ urgent: true }));
    expect(s.deadlines.signBy).toBe('2026-09-29T02:30:00.000Z');
    expect(s.deadlines.firstContactBy).toBe(bjIso('2026-09-29T12:30'));
  });

  it('dispatch without co-units sends only the lead notification and drops the lead from coUnits', () => {
    const d = must(newTicket(), 'dispatch', { unit: LEAD, coUnits: [LEAD] }, actors.operator, T.dispatch);
    expect(d.state.coUnits).toEqual([]);
    expect(d.effects).toEqual([{ kind: 'notify', event: 'dispatched', units: [LEAD], key: 'dispatch-1' }]);
  });

  it('a late reply is recorded as not on time', () => {
    const s = must(contacted(), 'reply', replyInput, actors.handler, '2026-10-11T00:00:00.001').state;
    expect(s.reply!.onTime).toBe(false);
    const ontime = must(contacted(), 'reply', replyInput, actors.handler, '2026-10-11T00:00').state;
    expect(ontime.reply!.onTime).toBe(true);
  });

  it('an unsolved request may be replied with its policy basis', () => {
    const s = must(contacted(), 'reply', { ...replyInput, solved: false, basis: '《城市供水条例》第二十二条' }, actors.handler, T.reply).state;
    expect(s.reply).toMatchObject({ solved: false, basis: '《城市供水条例》第二十二条' });
  });

  it('face-to-face ticket replies once a site visit is registered (a co-unit may visit)', () => {
    const s = run(handling(newTicket({ jsbl: true })), [
      ['contact', { stage: 'first', method: 'phone' }, actors.handler, T.first],
      ['visit', { note: '现场查看' }, actors.coHandler, T.visit],
      ['contact', { stage: 'final', method: 'visit' }, actors.handler, T.final],
      ['reply', replyInput, actors.handler, T.reply],
    ]);
    expect(s.status).toBe('reply_review');
    expect(s.visits).toEqual([{ at: bjIso(T.visit), by: actors.coHandler.id, note: '现场查看' }]);
  });

  it('rejectReply sends the reply back to handling with a notification', () => {
    const d = must(replied(), 'rejectReply', { note: '答复未回应诉求' }, actors.leader, T.approve);
    expect(d.state.status).toBe('handling');
    expect(d.state.reply!.review).toEqual({ approved: false, note: '答复未回应诉求', at: bjIso(T.approve), by: actors.leader.id });
    expect(d.effects).toEqual([
      { kind: 'notify', event: 'reply_rejected', units: [LEAD], detail: '答复未回应诉求', key: `reject-${bjIso(T.reply)}` },
    ]);
    // ...and the unit can reply again with the same contacts.
    expect(must(d.state, 'reply', replyInput, actors.handler, T.approve).state.status).toBe('reply_review');
  });

  it('admins act hotline-wide on unit-scoped actions (a reply of the old flow: an admin signed it off)', () => {
    const s = must(legacyDrafted(), 'approveReply', {}, actors.admin, T.approve).state;
    expect(s.status).toBe('follow_up');
  });

  it('urge notifies the lead unit and counts; a note is audited without changing anything else', () => {
    const d = must(handling(), 'urge', { note: '请加快办理' }, actors.supervisor, T.first);
    expect(d.state.counters.urges).toBe(1);
    expect(d.effects).toEqual([{ kind: 'notify', event: 'urged', units: [LEAD], detail: '请加快办理', key: 'urge-1' }]);
    const d2 = must(d.state, 'urge', {}, actors.admin, T.first);
    expect(d2.effects).toEqual([{ kind: 'notify', event: 'urged', units: [LEAD], detail: undefined, key: 'urge-2' }]);

    const before = handling();
    const n = must(before, 'note', { note: '诉求人来电催问' }, actors.coHandler, T.first);
    expect(n.effects).toEqual([]);
    expect(n.state.history.at(-1)).toMatchObject({ action: 'note', note: '诉求人来电催问', actor: actors.coHandler });
    expect({ ...n.state, history: [] }).toEqual({ ...before, history: [] });
  });

  it('urge in designating has no unit to notify', () => {
    const s = run(dispatched(), [['return', { reason: '非本单位职责', disputed: true }, actors.handler, T.sign]]);
    const d = must(s, 'urge', {}, actors.supervisor, T.first);
    expect(d.effects).toEqual([]);
    expect(d.state.counters.urges).toBe(1);
  });
});

describe('return (回退) and designation (定责)', () => {
  it('first return → returned, unit recorded, deadlines cleared', () => {
    const d = must(handling(), 'return', { reason: '不属于本单位职责' }, actors.handler, '2026-09-29T15:00');
    expect(d.state).toMatchObject({ status: 'returned', statusLabel: '已回退待重派', returnedBy: [LEAD], coUnits: [] });
    expect(d.state.leadUnit).toBeUndefined();
    expect(d.state.signedAt).toBeUndefined();
    expect(d.state.counters.returns).toBe(1);
    expect(d.state.deadlines).toEqual({ dispatchBy: '2026-09-29T03:30:00.000Z' });
    expect(d.state.history.at(-1)).toMatchObject({ action: 'return', note: '不属于本单位职责', status: 'returned' });
    expect(d.effects).toEqual([]);
  });

  it('return is allowed up to exactly returnBy (24:00 Beijing of the next working day)', () => {
    const d = must(dispatched(), 'return', { reason: '非本单位职责' }, actors.leader, '2026-10-01T00:00');
    expect(d.state.status).toBe('returned');
  });

  it('second return → designating, designateBy 3 working days later', () => {
    const s = run(newTicket(), [
      ['dispatch', { unit: LEAD }, actors.dispatcher, T.dispatch],
      ['return', { reason: '非本单位职责' }, actors.handler, '2026-09-29T15:00'],
      ['dispatch', { unit: OTHER }, actors.dispatcher, '2026-09-29T16:00'],
    ]);
    expect(s.counters.dispatches).toBe(2);
    const d = must(s, 'return', { reason: '也不是本单位' }, actors.otherHandler, '2026-09-30T09:00');
    expect(d.state.status).toBe('designating');
    expect(d.state.returnedBy).toEqual([LEAD, OTHER]);
    expect(d.state.counters.returns).toBe(2);
    // From Wed 09-30: 10-08, 10-09, 10-10 (make-up Saturday).
    expect(d.state.deadlines).toEqual({ dispatchBy: '2026-09-29T03:30:00.000Z', designateBy: '2026-10-10T16:00:00.000Z' });
  });

  it('disputed first return → designating', () => {
    const d = must(dispatched(), 'return', { reason: '职责有争议', disputed: true }, actors.handler, '2026-09-29T15:00');
    expect(d.state.status).toBe('designating');
    expect(d.state.deadlines.designateBy).toBe('2026-10-09T16:00:00.000Z');
  });

  it('designate → dispatched to the named unit, designated, no return window; then return is refused', () => {
    const s = must(dispatched(), 'return', { reason: '职责有争议', disputed: true }, actors.handler, '2026-09-29T15:00').state;
    const d = must(s, 'designate', { unit: OTHER, note: '司法局定责' }, actors.supervisor, '2026-09-30T10:00');
    expect(d.state).toMatchObject({ status: 'dispatched', leadUnit: OTHER, coUnits: [], dispatchedAt: bjIso('2026-09-30T10:00') });
    expect(d.state.flags.designated).toBe(true);
    expect(d.state.deadlines.returnBy).toBeUndefined();
    expect(d.state.deadlines.designateBy).toBeUndefined();
    // 4 working days from Wed 09-30: 10-08, 10-09, 10-10, 10-12.
    expect(d.state.deadlines.replyBy).toBe('2026-10-12T16:00:00.000Z');
    expect(d.effects).toEqual([{ kind: 'notify', event: 'designated', units: [OTHER], key: 'designate-2' }]);

    const r = act(d.state, 'return', { reason: '仍非本单位职责' }, actors.otherHandler, '2026-09-30T11:00');
    expect(r).toMatchObject({ ok: false, code: 'conflict', status: 'dispatched' });
    expect(!r.ok && r.reason).toContain('定责');
  });

  it('designate is also possible from returned', () => {
    const s = must(dispatched(), 'return', { reason: '非本单位职责' }, actors.handler, '2026-09-29T15:00').state;
    expect(must(s, 'designate', { unit: OTHER }, actors.admin, '2026-09-29T16:00').state.flags.designated).toBe(true);
  });

  it('transfer moves the ticket to another unit with fresh deadlines and keeps co-units', () => {
    const d = must(handling(), 'transfer', { unit: OTHER }, actors.dispatcher, '2026-09-30T09:00');
    expect(d.state).toMatchObject({ status: 'dispatched', leadUnit: OTHER, coUnits: [CO] });
    expect(d.state.counters).toMatchObject({ transfers: 1, dispatches: 2 });
    expect(d.state.signedAt).toBeUndefined();
    expect(d.state.deadlines).toMatchObject({
      returnBy: '2026-10-08T16:00:00.000Z',
      replyBy: '2026-10-12T16:00:00.000Z',
    });
    expect(d.state.deadlines.firstContactBy).toBeUndefined();
    expect(d.effects).toEqual([{ kind: 'notify', event: 'transferred', units: [OTHER], key: 'transfer-2' }]);
  });
});

describe('extension (延期)', () => {
  const request = { reason: '需协调管网改造', commitment: '10月16日前完成管网抢修', until: '2026-10-16' };

  it('request → extension_requested; approve → replyBy end of that Beijing day, commitment recorded', () => {
    const s = must(handling(), 'requestExtension', request, actors.handler, '2026-10-08T10:00').state;
    expect(s.status).toBe('extension_requested');
    expect(s.extension).toEqual({
      ...request,
      requestedAt: bjIso('2026-10-08T10:00'),
      requestedBy: actors.handler.id,
      resumeStatus: 'handling',
    });
    expect(s.deadlines.replyBy).toBe('2026-10-10T16:00:00.000Z'); // unchanged while pending

    const d = must(s, 'decideExtension', { approve: true, note: '同意延期' }, actors.supervisor, '2026-10-08T14:00');
    expect(d.state.status).toBe('handling');
    expect(d.state.deadlines.replyBy).toBe('2026-10-16T16:00:00.000Z');
    expect(d.state.deadlines.extensionUntil).toBe('2026-10-16T16:00:00.000Z');
    expect(d.state.commitments).toEqual([{ text: request.commitment, dueAt: '2026-10-16T16:00:00.000Z', registeredAt: bjIso('2026-10-08T14:00') }]);
    expect(d.state.extension!.decision).toEqual({ approved: true, note: '同意延期', at: bjIso('2026-10-08T14:00'), by: actors.supervisor.id });
    expect(d.state.alerts.replyReminder).toBe(false);
    expect(d.effects).toEqual([
      {
        kind: 'notify',
        event: 'extension_approved',
        units: [LEAD],
        detail: '同意延期',
        key: `extension-${bjIso('2026-10-08T10:00')}`,
      },
    ]);
  });

  it('reject keeps the deadline and notifies', () => {
    const s = must(handling(), 'requestExtension', request, actors.leader, '2026-10-08T10:00').state;
    const d = must(s, 'decideExtension', { approve: false }, actors.admin, '2026-10-08T14:00');
    expect(d.state.status).toBe('handling');
    expect(d.state.deadlines.replyBy).toBe('2026-10-10T16:00:00.000Z');
    expect(d.state.deadlines.extensionUntil).toBeUndefined();
    expect(d.state.commitments).toEqual([]);
    expect(d.effects).toEqual([
      { kind: 'notify', event: 'extension_rejected', units: [LEAD], detail: undefined, key: `extension-${bjIso('2026-10-08T10:00')}` },
    ]);
  });

  it('an extension during re-handling resumes re-handling', () => {
    const s = must(inFollowUp(), 'followUp', unsatisfied, actors.followUp, T.followUp).state;
    const r = must(s, 'requestExtension', { ...request, until: '2026-10-20' }, actors.handler, '2026-10-10T09:00').state;
    expect(r.extension!.resumeStatus).toBe('rehandling');
    const d = must(r, 'decideExtension', { approve: true }, actors.supervisor, '2026-10-10T10:00');
    expect(d.state.status).toBe('rehandling');
    expect(d.state.deadlines.replyBy).toBe('2026-10-20T16:00:00.000Z');
  });
});

describe('re-handling (重办)', () => {
  it('unsatisfied follow-up → rehandling with a fresh 4-working-day deadline from the follow-up', () => {
    const s0 = inFollowUp();
    const d = must(s0, 'followUp', { ...unsatisfied, note: '水压仍不足' }, actors.followUp, '2026-10-12T10:00');
    const s = d.state;
    expect(s.status).toBe('rehandling');
    expect(s.statusLabel).toBe('重办中');
    expect(s.counters.rehandles).toBe(1);
    // From Mon 10-12: 10-13, 10-14, 10-15, 10-16; first contact again within 24 h (R4).
    expect(s.deadlines).toEqual({
      dispatchBy: '2026-09-29T03:30:00.000Z',
      replyBy: '2026-10-16T16:00:00.000Z',
      firstContactBy: '2026-10-13T02:00:00.000Z',
    });
    expect(s.contacts).toEqual([]);
    expect(s.visits).toEqual([]);
    expect(s.reply).toBeUndefined();
    expect(s.followUp).toBeUndefined();
    expect(s.leadUnit).toBe(LEAD);
    expect(s.flags).toMatchObject({ faceToFaceRequired: false, overdue: false, escalationLevel: 0 });
    expect(s.alerts).toEqual({ escalationSteps: 0 });
    expect(s.followUps).toEqual([
      {
        requester: 0,
        satisfaction: 'unsatisfied',
        resolved: false,
        note: '水压仍不足',
        at: bjIso('2026-10-12T10:00'),
        by: actors.followUp.id,
        round: 0,
      },
    ]);
    expect(d.effects).toEqual([{ kind: 'notify', event: 'rehandle', units: [LEAD], key: 'rehandle-1' }]);
  });

  it('basically satisfied closes like satisfied', () => {
    const s = must(inFollowUp(), 'followUp', { satisfaction: 'basically_satisfied', resolved: false }, actors.followUp, T.followUp).state;
    expect(s.status).toBe('closed');
    expect(s.outcome!.closure).toBe('satisfied');
  });

  it('the second re-handle requires face-to-face handling', () => {
    let s = must(inFollowUp(), 'followUp', unsatisfied, actors.followUp, '2026-10-12T10:00').state;
    s = run(s, [
      ['contact', { stage: 'first', method: 'phone' }, actors.handler, '2026-10-12T11:00'],
      ['contact', { stage: 'final', method: 'phone' }, actors.handler, '2026-10-13T11:00'],
      ['reply', replyInput, actors.handler, '2026-10-13T12:00'],
      ['reviewReply', {}, actors.reviewer, '2026-10-13T12:30'],
      ['approveReply', {}, actors.leader, '2026-10-13T13:00'],
    ]);
    expect(s.followUp).toEqual({ startedAt: bjIso('2026-10-13T13:00'), queue: 'manual', round: 1 });
    const d = must(s, 'followUp', unsatisfied, actors.followUp, '2026-10-14T10:00');
    expect(d.state.status).toBe('rehandling');
    expect(d.state.counters.rehandles).toBe(2);
    expect(d.state.flags.faceToFaceRequired).toBe(true);
    // From Wed 10-14: 10-15, 10-16, 10-19, 10-20.
    expect(d.state.deadlines.replyBy).toBe('2026-10-20T16:00:00.000Z');
    expect(d.effects).toEqual([{ kind: 'notify', event: 'rehandle', units: [LEAD], key: 'rehandle-2' }]);
    expect(d.state.followUps.map((f) => f.round)).toEqual([0, 1]);

    // Now a reply needs a visit.
    const c = run(d.state, [
      ['contact', { stage: 'first', method: 'phone' }, actors.handler, '2026-10-14T11:00'],
      ['contact', { stage: 'final', method: 'phone' }, actors.handler, '2026-10-15T11:00'],
    ]);
    const r = act(c, 'reply', replyInput, actors.handler, '2026-10-15T12:00');
    expect(r).toMatchObject({ ok: false, code: 'conflict' });
    const v = must(c, 'visit', {}, actors.handler, '2026-10-15T11:30').state;
    expect(must(v, 'reply', replyInput, actors.handler, '2026-10-15T12:00').state.status).toBe('reply_review');
  });

  it('closeNonCompliant closes an unsatisfied ticket being re-handled (registered before seed-handling-v1)', () => {
    const s = must(inFollowUp(newTicket({ seedHandling: false })), 'followUp', unsatisfied, actors.followUp, '2026-10-12T10:00').state;
    const d = must(s, 'closeNonCompliant', { reason: '诉求超出政策范围，已解释说明' }, actors.supervisor, '2026-10-12T11:00');
    expect(d.state).toMatchObject({ status: 'closed', closedAt: bjIso('2026-10-12T11:00') });
    expect(d.state.outcome).toEqual({ reason: '诉求超出政策范围，已解释说明', closure: 'non_compliant' });
  });
});

describe('follow-up of several requesters (合并工单 / 多人一诉)', () => {
  /** Ticket A with a second requester merged in from ticket B. */
  function mergedPair(citizenB: Record<string, unknown> = { name: '李四', phone: '13900000000' }) {
    const a = newTicket({ id: 'A' });
    const b = newTicket({ id: 'B', citizen: citizenB, channel: 'wechat', at: '2026-09-29T09:40' });
    const m = must(b, 'merge', { into: 'A' }, actors.operator, '2026-09-29T09:45');
    return { a, b, m };
  }

  it('merge ends the merged ticket and carries its requesters, marked fromTicket', () => {
    const { b, m } = mergedPair();
    expect(m.state).toMatchObject({ status: 'merged', statusLabel: '已合并', closedAt: bjIso('2026-09-29T09:45') });
    expect(m.state.outcome).toEqual({ mergedInto: 'A' });
    expect(m.effects).toEqual([{ kind: 'mergeInto', target: 'A', requesters: [{ ...b.requesters[0], fromTicket: 'B' }] }]);
    expect(m.effects[0]).toMatchObject({
      requesters: [{ name: '李四', phone: '13900000000', fromTicket: 'B', addedAt: bjIso('2026-09-29T09:40') }],
    });
  });

  it('addRequesters appends them to the target and audits the merge', () => {
    const { a, m } = mergedPair();
    const reqs = (m.effects[0] as Extract<Effect, { kind: 'mergeInto' }>).requesters;
    const now = bj('2026-09-29T09:46');
    const d = addRequesters(a, reqs, { now, actor: actors.system, via: 'signal' }, 'B');
    expect(d.ok).toBe(true);
    if (!d.ok) return;
    expect(d.state.requesters).toHaveLength(2);
    expect(d.state.requesters[0]).toEqual(a.requesters[0]);
    expect(d.state.requesters[1]).toMatchObject({ name: '李四', fromTicket: 'B', followUp: true, addedAt: bjIso('2026-09-29T09:46') });
    expect(d.state.history.at(-1)).toEqual({
      seq: 2,
      at: bjIso('2026-09-29T09:46'),
      action: 'merged',
      actor: actors.system,
      via: 'signal',
      status: 'registered',
      note: '合并工单 B（1 位诉求人）',
    });
    expect(a.requesters).toHaveLength(1);
  });

  it('addRequesters refuses a closed target', () => {
    const c = must(newTicket(), 'answer', { answer: '请拨打供水热线' }, actors.operator, '2026-09-29T09:35').state;
    const unchanged = snapshot(c);
    const d = addRequesters(c, [], { now: bj('2026-09-29T09:46'), actor: actors.system, via: 'signal' }, 'B');
    expect(d).toMatchObject({ ok: false, code: 'conflict', status: 'answered' });
    expect(!d.ok && d.reason).toContain('answered');
    unchanged();
  });

  function twoRequesters(citizenB?: Record<string, unknown>): TicketState {
    const { a, m } = mergedPair(citizenB);
    const reqs = (m.effects[0] as Extract<Effect, { kind: 'mergeInto' }>).requesters;
    const d = addRequesters(a, reqs, { now: bj('2026-09-29T09:46'), actor: actors.system, via: 'signal' }, 'B');
    if (!d.ok) throw new Error(d.reason);
    return inFollowUp(d.state);
  }

  it('closes only after both requesters answered', () => {
    const s = twoRequesters();
    const d1 = must(s, 'followUp', satisfied, actors.followUp, T.followUp);
    expect(d1.state.status).toBe('follow_up');
    expect(d1.effects).toEqual([]);
    expect(d1.state.followUps.map((f) => f.requester)).toEqual([0]);
    const d2 = must(d1.state, 'followUp', { satisfaction: 'basically_satisfied', resolved: true }, actors.followUp, '2026-10-09T16:00');
    expect(d2.state.status).toBe('closed');
    expect(d2.state.outcome!.closure).toBe('satisfied');
    expect(d2.state.followUps.map((f) => [f.requester, f.satisfaction])).toEqual([
      [0, 'satisfied'],
      [1, 'basically_satisfied'],
    ]);
  });

  it('either requester can be followed up first', () => {
    const s = twoRequesters();
    const d1 = must(s, 'followUp', { ...satisfied, requester: 1 }, actors.followUp, T.followUp);
    expect(d1.state.status).toBe('follow_up');
    const d2 = must(d1.state, 'followUp', satisfied, actors.followUp, T.followUp);
    expect(d2.state.followUps.map((f) => f.requester)).toEqual([1, 0]);
    expect(d2.state.status).toBe('closed');
  });

  it('any unsatisfied answer → re-handle once both answered', () => {
    const s = twoRequesters();
    const d1 = must(s, 'followUp', unsatisfied, actors.followUp, T.followUp);
    expect(d1.state.status).toBe('follow_up');
    expect(d1.effects).toEqual([]);
    const d2 = must(d1.state, 'followUp', satisfied, actors.followUp, '2026-10-12T10:00');
    expect(d2.state.status).toBe('rehandling');
    expect(d2.state.counters.rehandles).toBe(1);
    expect(d2.state.deadlines.replyBy).toBe('2026-10-16T16:00:00.000Z');
    expect(d2.effects).toEqual([{ kind: 'notify', event: 'rehandle', units: [LEAD], key: 'rehandle-1' }]);
  });

  it('a requester who declined the call is never pending: one answer closes the ticket', () => {
    const s = twoRequesters({ name: '李四', phone: '13900000000', followUp: false });
    const d = must(s, 'followUp', satisfied, actors.followUp, T.followUp);
    expect(d.state.status).toBe('closed');
    expect(d.state.followUps.map((f) => f.requester)).toEqual([0]);
  });

  it('a requester who already rated on the platform is not called either', () => {
    const s = twoRequesters({ name: '李四', phone: '13900000000', alreadyRated: true });
    expect(must(s, 'followUp', satisfied, actors.followUp, T.followUp).state.status).toBe('closed');
  });
});

describe('nobody to follow up', () => {
  it.each([
    ['declined', { name: '张三', phone: '13800000000', followUp: false }],
    ['no phone', { name: '张三' }],
    ['already rated', { phone: '13800000000', alreadyRated: true }],
  ])('approveReply closes with no_follow_up (%s)', (_why, citizen) => {
    const d = must(replied(newTicket({ citizen })), 'approveReply', {}, actors.leader, T.approve);
    expect(d.state).toMatchObject({ status: 'closed', closedAt: bjIso(T.approve) });
    expect(d.state.outcome).toEqual({ closure: 'no_follow_up' });
    expect(d.state.followUp).toBeUndefined();
    expect(d.state.deadlines.followUpBy).toBeUndefined();
    expect(d.state.history.at(-1)).toMatchObject({ action: 'approveReply', status: 'closed' });
  });
});

describe('endings at intake', () => {
  it('answer', () => {
    const d = must(newTicket(), 'answer', { answer: '停水通知已发布，预计今晚恢复' }, actors.operator, '2026-09-29T09:35');
    expect(d.state).toMatchObject({ status: 'answered', statusLabel: '咨询直答', closedAt: bjIso('2026-09-29T09:35') });
    expect(d.state.outcome).toEqual({ answer: '停水通知已发布，预计今晚恢复' });
    expect(d.state.history.at(-1)).toMatchObject({ action: 'answer', note: '停水通知已发布，预计今晚恢复' });
    expect(d.effects).toEqual([]);
  });

  it('outOfScope', () => {
    const d = must(newTicket(), 'outOfScope', { situation: 'litigation', explanation: '已进入诉讼程序' }, actors.admin, '2026-09-29T09:35');
    expect(d.state).toMatchObject({ status: 'out_of_scope', closedAt: bjIso('2026-09-29T09:35') });
    expect(d.state.outcome).toEqual({ outOfScope: { situation: 'litigation', explanation: '已进入诉讼程序' } });
  });

  it('handOff', () => {
    const d = must(newTicket(), 'handOff', { service: '119', note: '燃气泄漏' }, actors.operator, '2026-09-29T09:31');
    expect(d.state).toMatchObject({ status: 'handed_off', closedAt: bjIso('2026-09-29T09:31') });
    expect(d.state.outcome).toEqual({ handOff: { service: '119', note: '燃气泄漏' } });
  });

  it('transferOut, also after a return', () => {
    const d = must(newTicket(), 'transferOut', { city: '青岛', reference: 'QD-1' }, actors.dispatcher, '2026-09-29T09:40');
    expect(d.state).toMatchObject({ status: 'transferred_out', closedAt: bjIso('2026-09-29T09:40') });
    expect(d.state.outcome).toEqual({ transferredOut: { city: '青岛', reference: 'QD-1' } });
    const r = must(dispatched(), 'return', { reason: '属外市事项' }, actors.handler, '2026-09-29T11:00').state;
    expect(must(r, 'transferOut', { city: '青岛' }, actors.operator, '2026-09-29T11:10').state.status).toBe('transferred_out');
  });

  it('merge after a return', () => {
    const r = must(dispatched(), 'return', { reason: '重复工单' }, actors.handler, '2026-09-29T11:00').state;
    expect(must(r, 'merge', { into: 'T-0' }, actors.dispatcher, '2026-09-29T11:10').state.status).toBe('merged');
  });
});

describe('whistle (吹哨) and consultation (会商)', () => {
  it('whistle adds a co-unit who may then contact and visit', () => {
    const d = must(handling(), 'whistle', { department: OTHER, note: '需城管配合' }, actors.handler, T.first);
    expect(d.state.coUnits).toEqual([CO, OTHER]);
    expect(d.effects).toEqual([{ kind: 'notify', event: 'whistle', units: [OTHER], detail: '需城管配合', key: `whistle-${OTHER}` }]);
    const v = must(d.state, 'visit', {}, actors.otherHandler, T.visit);
    expect(v.state.visits).toHaveLength(1);
  });

  it('consultation notifies participants; an outcome naming a unit designates it', () => {
    const s = must(dispatched(), 'return', { reason: '职责争议', disputed: true }, actors.handler, '2026-09-29T15:00').state;
    const c = must(
      s,
      'consultation',
      { topic: '管网产权争议', participants: [LEAD, OTHER], at: '2026-09-30T09:00:00+08:00' },
      actors.supervisor,
      '2026-09-29T16:00',
    );
    expect(c.state.consultations).toEqual([
      {
        topic: '管网产权争议',
        participants: [LEAD, OTHER],
        at: '2026-09-30T09:00:00+08:00',
        convenedAt: bjIso('2026-09-29T16:00'),
        convenedBy: actors.supervisor.id,
      },
    ]);
    expect(c.effects).toEqual([
      { kind: 'notify', event: 'consultation', units: [LEAD, OTHER], detail: '管网产权争议（2026-09-30T09:00:00+08:00）', key: 'consultation-1' },
    ]);
    expect(c.state.status).toBe('designating');

    const o = must(c.state, 'consultationOutcome', { summary: '由他单位负责维修', unit: OTHER }, actors.supervisor, '2026-09-30T10:00');
    expect(o.state).toMatchObject({ status: 'dispatched', leadUnit: OTHER });
    expect(o.state.flags.designated).toBe(true);
    expect(o.state.deadlines.returnBy).toBeUndefined();
    expect(o.state.deadlines.replyBy).toBe('2026-10-12T16:00:00.000Z');
    expect(o.state.consultations[0].outcome).toEqual({
      summary: '由他单位负责维修',
      unit: OTHER,
      at: bjIso('2026-09-30T10:00'),
      by: actors.supervisor.id,
    });
    expect(o.effects).toEqual([{ kind: 'notify', event: 'designated', units: [OTHER], key: 'designate-2' }]);
  });

  it('an outcome without a unit only records the conclusion', () => {
    const c = must(
      handling(),
      'consultation',
      { topic: '政策解释', participants: ['律师'], at: '2026-09-30T01:00:00Z' },
      actors.admin,
      T.first,
    ).state;
    const o = must(c, 'consultationOutcome', { summary: '维持原办理单位' }, actors.admin, T.visit);
    expect(o.state.status).toBe('handling');
    expect(o.state.leadUnit).toBe(LEAD);
    expect(o.state.consultations[0].outcome).toMatchObject({ summary: '维持原办理单位' });
    expect(o.effects).toEqual([]);
  });
});

describe('purity', () => {
  it('decide never mutates its input on success', () => {
    const s = inFollowUp();
    const unchanged = snapshot(s);
    must(s, 'followUp', unsatisfied, actors.followUp, T.followUp);
    unchanged();
  });

  it('defaults are the documented ones', () => {
    expect(defaultRules.replyWorkingDays).toBe(4);
    expect(defaultRules.returnWorkingDays).toBe(1);
    expect(defaultRules.designateWorkingDays).toBe(3);
    expect(defaultRules.directDispatchMinutes).toBe(15);
  });
});
