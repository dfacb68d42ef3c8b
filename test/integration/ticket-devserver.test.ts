// The ticket workflow on a real dev server: a whole life through Updates, rejections that change
// nothing, admin signals, merge, and listing by search attributes.
import type { Client } from '@temporalio/client';
import { defaultRules } from '../../domain/ticket';
import { actionSignals, stateQuery } from '../../workflows/messages';
import { act, closeSatisfied, rejection, replyInput, signOff, state, trailToFollowUp, toFollowUp } from '../setup/drive';
import { recordHistory } from '../setup/histories';
import type { LedgerDb } from '../../ledger/db';
import { readEvents, readTicket } from '../../ledger/read';
import { openTestLedger } from '../setup/ledger';
import { LoopbackSmtp } from '../setup/smtp';
import {
  devServerWorker,
  dispatcher,
  eventually,
  followUpAgent,
  handlerOf,
  operator,
  startTicket,
  testActivities,
  ticketId,
  ticketInput,
} from '../setup/temporal';

const UNIT = 'LJ-JB-HOUSING';
const OTHER = 'LJ-JB-URBAN';

describe('ticket workflow on the dev server', () => {
  let client: Client;
  let stop: () => Promise<void>;
  const smtp = new LoopbackSmtp();
  const taskQueue = `devserver-${process.pid}`;
  let ledger: LedgerDb;

  beforeAll(async () => {
    await smtp.start();
    ledger = await openTestLedger();
    ({ client, stop } = await devServerWorker(taskQueue, testActivities(smtp.url, {}, Promise.resolve(ledger))));
  });
  afterAll(async () => {
    await stop?.();
    await smtp.stop();
    await ledger?.close();
  });

  const start = (overrides = {}, rules = defaultRules) => startTicket(client, taskQueue, ticketInput(ticketId('DV'), new Date(), overrides, rules));

  test('a whole life: registered → dispatched → handling → replied → follow-up → closed', async () => {
    const h = await start();
    expect((await state(h)).status).toBe('registered');
    const s = await toFollowUp(h, UNIT);
    expect(s.status).toBe('follow_up');
    expect(s.reply).toMatchObject({ ...replyInput, onTime: true, review: { approved: true } });
    await closeSatisfied(h);
    const done = await h.result();
    expect(done.status).toBe('closed');
    expect(done.outcome?.closure).toBe('satisfied');
    expect(done.history.map((e) => e.action)).toEqual([...trailToFollowUp, 'followUp']);
    expect(done.history.every((e, i) => e.seq === i + 1 && !e.rejected)).toBe(true);
    await smtp.waitFor((m) => m.subject.includes(h.workflowId) && m.subject.includes('新工单派发'));
    // The workflow completes only after its last ledger write: the ledger has the whole story.
    const archived = await readTicket(ledger, h.workflowId);
    expect(archived?.status).toBe('closed');
    expect((await readEvents(ledger, h.workflowId)).map((e) => e.action)).toEqual(done.history.map((e) => e.action));
    expect(JSON.stringify(archived)).not.toContain('13812345678');
    await recordHistory(h, 'lifecycle-closed');
  });

  test('a re-handle round: unsatisfied → rehandling → reply again → satisfied', async () => {
    const h = await start();
    await toFollowUp(h, UNIT);
    const re = await act(h, 'followUp', followUpAgent, { satisfaction: 'unsatisfied', resolved: false, note: '电梯仍故障' });
    expect(re.status).toBe('rehandling');
    expect(re.counters.rehandles).toBe(1);
    await act(h, 'contact', handlerOf(UNIT), { stage: 'first', method: 'visit' });
    await act(h, 'contact', handlerOf(UNIT), { stage: 'final', method: 'phone' });
    await act(h, 'reply', handlerOf(UNIT), replyInput);
    await signOff(h, UNIT);
    await closeSatisfied(h);
    const done = await h.result();
    expect(done.status).toBe('closed');
    expect(done.counters.rehandles).toBe(1);
    await smtp.waitFor((m) => m.subject.includes(h.workflowId) && m.subject.includes('工单重办'));
    await recordHistory(h, 'lifecycle-rehandle');
  });

  test('a rejected update changes nothing and says why', async () => {
    const h = await start();
    await act(h, 'dispatch', dispatcher, { unit: UNIT });
    await act(h, 'sign', handlerOf(UNIT), {});
    const before = await state(h);
    const noContacts = await rejection(act(h, 'reply', handlerOf(UNIT), replyInput));
    expect(noContacts).toMatchObject({ code: 'conflict', status: 'handling' });
    expect(noContacts.message).toMatch(/两次有效联系/);
    // A unit not on the ticket is told nothing of it: the words of a ticket that does not exist.
    const otherUnit = await rejection(act(h, 'sign', handlerOf(OTHER), {}));
    expect(otherUnit).toMatchObject({ code: 'not_found', message: `工单 ${h.workflowId} 不存在` });
    const badInput = await rejection(act(h, 'contact', handlerOf(UNIT), { stage: 'sometime' } as never));
    expect(badInput.code).toBe('invalid');
    expect(await state(h)).toEqual(before);
  });

  test('admin signals: a valid urge is recorded; an invalid transfer changes nothing but is audited as rejected', async () => {
    const h = await start();
    await act(h, 'dispatch', dispatcher, { unit: UNIT });
    await h.signal(actionSignals.urge, { note: '请加快办理' });
    await h.signal(actionSignals.transfer, { note: '缺少单位' } as never);
    const s = await eventually(
      () => state(h),
      (x) => x.history.length >= 4,
    );
    expect(s.counters.urges).toBe(1);
    expect(s.leadUnit).toBe(UNIT);
    const [urge, transfer] = s.history.slice(-2);
    expect(urge).toMatchObject({ action: 'urge', via: 'signal', actor: { id: 'temporal-ui', role: 'admin' } });
    expect(urge.rejected).toBeUndefined();
    expect(transfer).toMatchObject({ action: 'transfer', via: 'signal' });
    expect(transfer.rejected).toMatch(/unit/);
    await smtp.waitFor((m) => m.subject.includes(h.workflowId) && m.subject.includes('督办催办'));
  });

  test('admin signals get the catalog checks updates get: an unknown unit is refused, a known one taken', async () => {
    const h = await start();
    await act(h, 'dispatch', dispatcher, { unit: UNIT });
    await h.signal(actionSignals.transfer, { unit: 'NO-SUCH-UNIT', note: '转错单位' });
    const refused = await eventually(
      () => state(h),
      (x) => x.history.length >= 3,
    );
    expect(refused.history.at(-1)).toMatchObject({ action: 'transfer', via: 'signal', rejected: expect.stringContaining('NO-SUCH-UNIT') });
    expect(refused.history.at(-1)!.rejected).toContain('派单目录');
    expect(refused.leadUnit).toBe(UNIT);
    await h.signal(actionSignals.transfer, { unit: OTHER });
    const moved = await eventually(
      () => state(h),
      (x) => x.history.length >= 4,
    );
    expect(moved.history.at(-1)!.rejected).toBeUndefined();
    expect(moved.leadUnit).toBe(OTHER);
    await recordHistory(h, 'signal-refs');
  });

  test('merge: the ticket ends as merged and its citizen joins the target (多人一诉)', async () => {
    const target = await start();
    const dup = await start({ channel: 'wechat', citizen: { name: '李四', phone: '13900001111', anonymous: false, followUp: true } });
    const merged = await act(dup, 'merge', operator, { into: target.workflowId });
    expect(merged.status).toBe('merged');
    expect((await dup.result()).outcome?.mergedInto).toBe(target.workflowId);
    const t = await eventually(
      () => state(target),
      (x) => x.requesters.length === 2,
    );
    expect(t.requesters[1]).toMatchObject({ phone: '13900001111', fromTicket: dup.workflowId });
    await recordHistory(dup, 'merge');
    const gone = await start();
    const r = await rejection(act(gone, 'merge', operator, { into: 'NO-SUCH-TICKET' }));
    expect(r.code).toBe('conflict');
    expect((await state(gone)).status).toBe('registered');
  });

  test('search attributes: tickets are listed by TicketOverdue and TicketUnit', async () => {
    // Urgent tickets with a 10-second reply limit, so the breach happens in real time.
    const rules = { ...defaultRules, urgentReplyHours: 10 / 3600 };
    const late = await start({ urgent: true }, rules);
    const onTime = await start({ urgent: true }, rules);
    const elsewhere = await start();
    await act(late, 'dispatch', dispatcher, { unit: UNIT });
    await act(onTime, 'dispatch', dispatcher, { unit: UNIT });
    await act(elsewhere, 'dispatch', dispatcher, { unit: OTHER });
    await act(onTime, 'sign', handlerOf(UNIT), {});
    await act(onTime, 'contact', handlerOf(UNIT), { stage: 'first', method: 'phone' });
    await act(onTime, 'contact', handlerOf(UNIT), { stage: 'final', method: 'phone' });
    await act(onTime, 'reply', handlerOf(UNIT), replyInput);
    // On time means signed off in time (R3, seed 002 审签后反馈): a draft alone would breach too.
    await signOff(onTime, UNIT);
    await eventually(
      () => late.query(stateQuery),
      (s) => s.flags.overdue,
      30_000,
    );

    const mine = [late, onTime, elsewhere].map((h) => `'${h.workflowId}'`).join(', ');
    const ids = async (query: string) => {
      const found: string[] = [];
      for await (const w of client.workflow.list({ query: `WorkflowId IN (${mine}) AND ${query}` })) found.push(w.workflowId);
      return found.sort();
    };
    const overdue = await eventually(
      () => ids(`TicketOverdue = true AND TicketUnit = '${UNIT}'`),
      (x) => x.length === 1,
    );
    expect(overdue).toEqual([late.workflowId]);
    const ofUnit = await eventually(
      () => ids(`TicketUnit = '${UNIT}' AND TicketStatus IN ('dispatched', 'follow_up')`),
      (x) => x.length === 2,
    );
    expect(ofUnit).toEqual([late.workflowId, onTime.workflowId].sort());
    expect(await ids(`TicketUnit = '${OTHER}'`)).toEqual([elsewhere.workflowId]);
    const described = await late.describe();
    expect(JSON.stringify(described.typedSearchAttributes)).not.toContain('13812345678');
    expect(JSON.stringify(described.memo)).not.toContain('13812345678');
  });
});
