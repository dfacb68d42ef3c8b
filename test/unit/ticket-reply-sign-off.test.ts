// R3 (seed 002 审签后反馈): the reply deadline is met when the unit leader signs the reply off, not
// when the handler drafts it. A reply waiting for sign-off keeps its reminder, breach and ladder;
// one sent back keeps the clock running; statistics count the sign-off.
import { defaultRules, fireDue, nextWakeAt, TicketState, TimerContext } from '../../domain/ticket';
import { assignmentRow, summaryRow } from '../../ledger/facts';
import { act, actors, calendar, LEAD, must, replied, snapshot } from './ticket-fixtures';

const ctx: TimerContext = { rules: defaultRules, calendar };
// Dispatched Tue 2026-09-29: 4 working days end at 24:00 Beijing of Sat 2026-10-10 (a make-up day).
const replyBy = '2026-10-10T16:00:00.000Z';
const wake = (s: TicketState) => {
  const at = nextWakeAt(s, ctx);
  return at === undefined ? undefined : new Date(at).toISOString();
};
const fireAt = (s: TicketState, at: string) => fireDue(s, Date.parse(at), ctx);

describe('R3: the reply clock runs to sign-off', () => {
  test('a reply waiting for sign-off still gets the reminder 24 h before the deadline', () => {
    const s = replied();
    expect(s.status).toBe('replied');
    expect(s.deadlines.replyBy).toBe(replyBy);
    expect(wake(s)).toBe('2026-10-09T16:00:00.000Z');
    const r = fireAt(s, '2026-10-09T16:00:00.000Z');
    // Worded for what it waits for (R7): 答复待审签.
    expect(r.effects).toEqual([{ kind: 'notify', event: 'sign_off_reminder', units: [LEAD], key: `reply-reminder-1-0-${replyBy}` }]);
    expect(r.state.status).toBe('replied');
  });

  test('not signed off by the deadline: overdue, the breach measure to unit and supervisors, then the ladder', () => {
    const r = fireAt(replied(), replyBy);
    expect(r.state.status).toBe('replied');
    expect(r.state.flags).toMatchObject({ overdue: true, escalationLevel: 1 });
    expect(r.effects.at(-1)).toMatchObject({ kind: 'notify', event: 'escalation', units: [LEAD], supervisors: true });
    expect(r.state.history.at(-1)).toMatchObject({ action: 'replyOverdue', via: 'timer', status: 'replied' });
    // Step 2 (提示函) one working day later: Sun 10-11 is not a working day, so 24:00 of Mon 10-12.
    expect(wake(r.state)).toBe('2026-10-12T16:00:00.000Z');
  });

  test('signed off within the deadline: on time', () => {
    const s = must(replied(), 'approveReply', {}, actors.leader, '2026-10-10T20:00').state;
    expect(s.status).toBe('follow_up');
    expect(s.reply).toMatchObject({ onTime: true, review: { approved: true } });
    expect(s.flags.overdue).toBe(false);
  });

  test('drafted in time but signed off after the deadline: late, and the ticket stays marked overdue', () => {
    const draft = replied();
    expect(draft.reply!.onTime).toBe(true); // provisional, as drafted
    const breached = fireAt(draft, replyBy).state;
    const s = must(breached, 'approveReply', {}, actors.leader, '2026-10-11T09:00').state;
    expect(s.status).toBe('follow_up');
    expect(s.reply!.onTime).toBe(false);
    expect(s.flags.overdue).toBe(true);
    // Signed off, the ticket is no longer chased by the reply clock (only follow-up timers remain).
    expect(s.alerts.escalationSteps).toBe(1);
    expect(fireAt(s, '2026-10-12T16:00:00.000Z').effects.filter((e) => e.kind === 'notify' && e.event === 'escalation')).toEqual([]);
  });

  test('a reply sent back keeps the clock: same deadline, alerts already fired stay fired, the breach still comes', () => {
    const reminded = fireAt(replied(), '2026-10-09T16:00:00.000Z').state;
    const back = must(reminded, 'rejectReply', { note: '答复未对应诉求，请补充' }, actors.leader, '2026-10-10T09:00').state;
    expect(back.status).toBe('handling');
    expect(back.deadlines.replyBy).toBe(replyBy);
    expect(back.alerts.replyReminder).toBe(true);
    expect(wake(back)).toBe(replyBy);
    expect(fireAt(back, replyBy).state.flags.overdue).toBe(true);
  });

  test('statistics count the sign-off: no reply yet while waiting, the sign-off time and its judgement after', () => {
    const waiting = replied();
    expect(summaryRow(waiting)).toMatchObject({ repliedAt: null, replyOnTime: null });
    expect(assignmentRow(waiting)).toMatchObject({ repliedAt: null, replyOnTime: null, overdue: false });
    const late = must(fireAt(waiting, replyBy).state, 'approveReply', {}, actors.leader, '2026-10-11T09:00').state;
    expect(summaryRow(late)).toMatchObject({ repliedAt: '2026-10-11T01:00:00.000Z', replyOnTime: false, overdue: true });
    expect(assignmentRow(late)).toMatchObject({ repliedAt: '2026-10-11T01:00:00.000Z', replyOnTime: false, overdue: true });
  });

  test('a reply sent back is no reply for the statistics', () => {
    const back = must(replied(), 'rejectReply', { note: '请补充政策依据' }, actors.leader, '2026-10-10T09:00').state;
    expect(summaryRow(back)).toMatchObject({ repliedAt: null, replyOnTime: null });
  });
});

describe('R3 sign-off: refusals change nothing', () => {
  test('the handler cannot sign off their own reply (403)', () => {
    const s = replied();
    const unchanged = snapshot(s);
    const d = act(s, 'approveReply', {}, actors.handler, '2026-10-10T09:00');
    expect(d).toMatchObject({ ok: false, code: 'forbidden', status: 'replied' });
    expect(!d.ok && d.reason).toMatch(/无权执行「审签通过」/);
    unchanged();
  });

  test('a co-unit leader cannot sign off the lead unit’s reply (403)', () => {
    const s = replied();
    const unchanged = snapshot(s);
    const d = act(s, 'approveReply', {}, actors.coLeader, '2026-10-10T09:00');
    expect(d).toMatchObject({ ok: false, code: 'forbidden', status: 'replied' });
    expect(!d.ok && d.reason).toMatch(/主办单位/);
    unchanged();
  });

  test('nothing to sign off once the reply was sent back (409, the status and the reason)', () => {
    const back = must(replied(), 'rejectReply', { note: '请补充' }, actors.leader, '2026-10-10T09:00').state;
    const unchanged = snapshot(back);
    const d = act(back, 'approveReply', {}, actors.leader, '2026-10-10T10:00');
    expect(d).toMatchObject({ ok: false, code: 'conflict', status: 'handling' });
    expect(!d.ok && d.reason).toMatch(/审签通过：当前状态为 handling（办理中）/);
    unchanged();
  });
});
