// Every timed rule on the time-skipping server: the exact deadline, and what happens at it.
import { loadCalendar } from '../../config/calendar-source';
import { loadCatalog } from '../../config/catalog-source';
import { addWorkingDays } from '../../domain/calendar';
import { findUnit } from '../../domain/catalog';
import { defaultRules } from '../../domain/ticket';
import { act, rejection, replyInput, signOff, state, toFollowUp } from '../setup/drive';
import { recordHistory } from '../setup/histories';
import { dispatcher, expectFiredAt, handlerOf, startTicket, supervisor, ticketId, ticketInput, useTimeSkippingWorker } from '../setup/temporal';

const UNIT = 'LJ-JB-HOUSING';
const calendar = loadCalendar();
const email = (code: string) => findUnit(loadCatalog(), code)!.email;
const workingDaysAfter = (iso: string, n: number) => addWorkingDays(calendar, Date.parse(iso), n).dueAt;
const HOUR = 3_600_000;

describe('timed rules (time-skipping server)', () => {
  const taskQueue = 'timers';
  const t = useTimeSkippingWorker(taskQueue);

  const start = (overrides = {}, rules = defaultRules) =>
    startTicket(t.env.client, taskQueue, ticketInput(ticketId('TM'), undefined, overrides, rules));

  test('sign-for: a reminder to the unit at exactly signBy (2 h for a normal ticket)', async () => {
    const h = await start();
    const s = await act(h, 'dispatch', dispatcher, { unit: UNIT });
    expect(s.deadlines.signBy).toBe(new Date(Date.parse(s.dispatchedAt!) + 120 * 60_000).toISOString());
    await t.env.sleep('1 hour');
    expect((await state(h)).history.some((e) => e.action === 'signOverdue')).toBe(false);
    await t.env.sleep('61 minutes');
    const after = await state(h);
    expectFiredAt(after.history.find((e) => e.action === 'signOverdue')!.at, s.deadlines.signBy!);
    const mail = await t.smtp.waitFor((m) => m.subject.includes(h.workflowId) && m.subject.includes('超时未签收'));
    expect(mail.to).toEqual([email(UNIT)]);
  });

  test('return window: 1 working day from dispatch; after it a return is rejected and nothing changes', async () => {
    const h = await start();
    const s = await act(h, 'dispatch', dispatcher, { unit: UNIT });
    expect(s.deadlines.returnBy).toBe(workingDaysAfter(s.dispatchedAt!, 1));
    await act(h, 'sign', handlerOf(UNIT), {});
    await t.env.sleep(Date.parse(s.deadlines.returnBy!) - (await t.env.currentTimeMs()) + 60_000);
    const before = await state(h);
    const r = await rejection(act(h, 'return', handlerOf(UNIT), { reason: '不属于本单位职责' }));
    expect(r).toMatchObject({ code: 'conflict', status: 'handling' });
    expect(r.message).toMatch(/回退期限/);
    const afterReject = await state(h);
    expect(afterReject.status).toBe('handling');
    expect(afterReject.history).toHaveLength(before.history.length);
    expect(afterReject.counters.returns).toBe(0);
  });

  test('a return inside the window goes back to dispatch', async () => {
    const h = await start();
    await act(h, 'dispatch', dispatcher, { unit: UNIT });
    await t.env.sleep('3 hours');
    const s = await act(h, 'return', handlerOf(UNIT), { reason: '不属于本单位职责' });
    expect(s.status).toBe('returned');
    expect(s.returnedBy).toEqual([UNIT]);
  });

  test('reply: 4 working days; a reminder before, the breach marks it overdue and urges unit and supervisors, the ladder follows', async () => {
    const h = await start();
    const s = await act(h, 'dispatch', dispatcher, { unit: UNIT });
    const replyBy = workingDaysAfter(s.dispatchedAt!, 4);
    expect(s.deadlines.replyBy).toBe(replyBy);
    await act(h, 'sign', handlerOf(UNIT), {});
    await act(h, 'contact', handlerOf(UNIT), { stage: 'first', method: 'phone' });

    await t.env.sleep(Date.parse(replyBy) - (await t.env.currentTimeMs()) - 23 * HOUR);
    const reminded = await state(h);
    expectFiredAt(reminded.history.find((e) => e.action === 'replyReminder')!.at, new Date(Date.parse(replyBy) - 24 * HOUR).toISOString());
    expect(reminded.flags.overdue).toBe(false);

    await t.env.sleep(23 * HOUR + 60_000);
    const breached = await state(h);
    expect(breached.flags.overdue).toBe(true);
    expect(breached.flags.escalationLevel).toBe(1);
    expectFiredAt(breached.history.find((e) => e.action === 'replyOverdue')!.at, replyBy);
    const urge = await t.smtp.waitFor((m) => m.subject.includes(h.workflowId) && m.text.includes(defaultRules.escalationLadder[0].label));
    expect(urge.to).toEqual([email(UNIT)]);
    await t.smtp.waitFor((m) => m.subject.includes(h.workflowId) && m.to.includes('duban@test.example'));

    // Step 2 of the ladder: a reminder letter (提示函) one working day after the breach.
    const step2 = addWorkingDays(calendar, Date.parse(replyBy) - 1, 1).dueAt;
    await t.env.sleep(Date.parse(step2) - (await t.env.currentTimeMs()) + 60_000);
    const escalated = await state(h);
    expect(escalated.flags.escalationLevel).toBe(2);
    expectFiredAt(escalated.history.filter((e) => e.action === 'escalation')[0].at, step2);
    await t.smtp.waitFor((m) => m.subject.includes(h.workflowId) && m.text.includes('提示函'));
    await recordHistory(h, 'timers-breach-ladder');
  });

  test('reply not signed off by the deadline (R3, seed 002 审签后反馈): reminder, breach and urge while it waits; signed off late, it is late', async () => {
    const h = await start();
    const s = await act(h, 'dispatch', dispatcher, { unit: UNIT });
    const replyBy = s.deadlines.replyBy!;
    await act(h, 'sign', handlerOf(UNIT), {});
    await act(h, 'contact', handlerOf(UNIT), { stage: 'first', method: 'phone' });
    await act(h, 'contact', handlerOf(UNIT), { stage: 'final', method: 'phone' });
    const drafted = await act(h, 'reply', handlerOf(UNIT), replyInput);
    // Waiting for the reviewer's 审核 (R7): the clock runs through both steps.
    expect(drafted.status).toBe('reply_review');

    await t.env.sleep(Date.parse(replyBy) - (await t.env.currentTimeMs()) - 23 * HOUR);
    const reminded = await state(h);
    expect(reminded.status).toBe('reply_review');
    expectFiredAt(reminded.history.find((e) => e.action === 'replyReminder')!.at, new Date(Date.parse(replyBy) - 24 * HOUR).toISOString());
    await t.smtp.waitFor((m) => m.subject.includes(h.workflowId) && m.subject.includes('答复期限临近'));

    await t.env.sleep(23 * HOUR + 60_000);
    const breached = await state(h);
    expect(breached.status).toBe('reply_review');
    expect(breached.flags).toMatchObject({ overdue: true, escalationLevel: 1 });
    expectFiredAt(breached.history.find((e) => e.action === 'replyOverdue')!.at, replyBy);
    await t.smtp.waitFor((m) => m.subject.includes(h.workflowId) && m.text.includes(defaultRules.escalationLadder[0].label));

    const signed = await signOff(h, UNIT);
    expect(signed.status).toBe('follow_up');
    expect(signed.reply).toMatchObject({ onTime: false, review: { approved: true } });
    expect(signed.flags.overdue).toBe(true);
    await recordHistory(h, 'timers-sign-off-breach');
  });

  test('anonymous without a phone (R4 does not apply): no first-contact reminder, and the reply needs no contact', async () => {
    const h = await start({ citizen: { anonymous: true, followUp: true } });
    await act(h, 'dispatch', dispatcher, { unit: UNIT });
    const signed = await act(h, 'sign', handlerOf(UNIT), {});
    await t.env.sleep(Date.parse(signed.deadlines.firstContactBy!) - (await t.env.currentTimeMs()) + 60_000);
    const after = await state(h);
    expect(after.history.some((e) => e.action === 'firstContactOverdue')).toBe(false);
    expect(after.alerts.firstContactOverdue).toBeUndefined();
    const replied = await act(h, 'reply', handlerOf(UNIT), replyInput);
    expect(replied.status).toBe('reply_review');
    expect(replied.contacts).toEqual([]);
    await recordHistory(h, 'timers-anonymous-no-contact');
  });

  test('provincial tickets: deadlines cut by half (4 → 2 working days)', async () => {
    const h = await start({ channel: 'provincial' });
    const s = await act(h, 'dispatch', dispatcher, { unit: UNIT });
    expect(s.flags.provincial).toBe(true);
    expect(s.deadlines.replyBy).toBe(workingDaysAfter(s.dispatchedAt!, 2));
    await act(h, 'sign', handlerOf(UNIT), {});
    await act(h, 'contact', handlerOf(UNIT), { stage: 'first', method: 'phone' });
    await t.env.sleep(Date.parse(s.deadlines.replyBy!) - (await t.env.currentTimeMs()) + 60_000);
    const after = await state(h);
    expect(after.flags.overdue).toBe(true);
    expectFiredAt(after.history.find((e) => e.action === 'replyOverdue')!.at, s.deadlines.replyBy!);
  });

  test('extension: approved → the deadline moves to the end of the promised day, with its own reminder', async () => {
    const h = await start();
    const s = await act(h, 'dispatch', dispatcher, { unit: UNIT });
    await act(h, 'sign', handlerOf(UNIT), {});
    await act(h, 'contact', handlerOf(UNIT), { stage: 'first', method: 'phone' });
    const until = addWorkingDays(calendar, Date.parse(s.deadlines.replyBy!), 3).dueDate;
    await act(h, 'requestExtension', handlerOf(UNIT), { reason: '需协调管线迁改', commitment: '完成管线迁改后恢复', until });
    const approved = await act(h, 'decideExtension', supervisor, { approve: true });
    const newDue = new Date(Date.parse(`${until}T00:00:00+08:00`) + 24 * HOUR).toISOString();
    expect(approved.deadlines.replyBy).toBe(newDue);
    expect(approved.commitments).toHaveLength(1);
    await t.smtp.waitFor((m) => m.subject.includes(h.workflowId) && m.subject.includes('延期申请已批准'));

    await t.env.sleep(Date.parse(s.deadlines.replyBy!) - (await t.env.currentTimeMs()) + 60_000);
    expect((await state(h)).flags.overdue).toBe(false); // the old deadline no longer applies
    await t.env.sleep(Date.parse(newDue) - (await t.env.currentTimeMs()) - 23 * HOUR);
    const reminded = await state(h);
    expectFiredAt(reminded.history.find((e) => e.action === 'replyReminder')!.at, new Date(Date.parse(newDue) - 24 * HOUR).toISOString());
    await t.smtp.waitFor((m) => m.subject.includes(h.workflowId) && m.subject.includes('承诺办结期限临近'));
    await recordHistory(h, 'timers-extension');
  });

  test('follow-up: nobody reached within the configured time → closed as unreachable (无法联系)', async () => {
    const h = await start();
    const s = await toFollowUp(h, UNIT);
    expect(s.status).toBe('follow_up');
    expect(s.followUp?.queue).toBe('manual');
    const approvedAt = Date.parse(s.followUp!.startedAt);
    expect(s.deadlines.followUpBy).toBe(new Date(approvedAt + defaultRules.followUp.unreachableAfterHours * HOUR).toISOString());
    await t.env.sleep(`${defaultRules.followUp.unreachableAfterHours + 1} hours`);
    const result = await h.result();
    expect(result.status).toBe('closed');
    expect(result.outcome?.closure).toBe('unreachable');
    expectFiredAt(result.closedAt!, s.deadlines.followUpBy!);
    await recordHistory(h, 'timers-unreachable');
  });
});
