// R6 on the time-skipping server: a signed-off reply's commitment runs as its own workflow, is
// reminded a day before its date and flagged overdue after it (mail to the unit, the overdue one
// to the supervision desk too), and is fulfilled by its unit after the ticket itself has closed.
import { loadCatalog } from '../../config/catalog-source';
import { beijingDate, endOfBeijingDate } from '../../domain/calendar';
import { findUnit } from '../../domain/catalog';
import { commitmentWorkflowId } from '../../domain/commitment/model';
import { act, closeSatisfied, rejection, signOff, state } from '../setup/drive';
import { recordHistory } from '../setup/histories';
import { dispatcher, handlerOf, startTicket, ticketId, ticketInput, useTimeSkippingWorker } from '../setup/temporal';
import { commitmentQuery, fulfilCommitmentUpdate } from '../../workflows/commitment-messages';

const UNIT = 'LJ-JB-HOUSING';
const HOUR = 3_600_000;
const email = (code: string) => findUnit(loadCatalog(), code)!.email;

describe('a reply’s commitment (time-skipping server)', () => {
  const taskQueue = 'commitments';
  const t = useTimeSkippingWorker(taskQueue);

  test('registered at sign-off, reminded, overdue, fulfilled after the ticket closed', async () => {
    const h = await startTicket(t.env.client, taskQueue, ticketInput(ticketId('CM'), undefined));
    await act(h, 'dispatch', dispatcher, { unit: UNIT });
    await act(h, 'sign', handlerOf(UNIT), {});
    await act(h, 'contact', handlerOf(UNIT), { stage: 'first', method: 'phone' });
    await act(h, 'contact', handlerOf(UNIT), { stage: 'final', method: 'phone' });
    // Three days on, within the calendar's years (the dev clock is today's).
    const now = await t.env.currentTimeMs();
    const dueDate = beijingDate(now + 3 * 24 * HOUR);
    const content = '电梯主板需厂家定制，已下单，到货后更换';
    await act(h, 'reply', handlerOf(UNIT), {
      content: '已现场核实，电梯主板损坏需更换。',
      handlerName: '李承办',
      handlerPhone: '0431-88886666',
      solved: false,
      basis: '特种设备维修须由具备资质的厂家实施',
      commitment: { content, dueDate },
    });
    const signed = await signOff(h, UNIT);
    const id = commitmentWorkflowId(h.workflowId, 1);
    expect(signed.commitments).toEqual([expect.objectContaining({ id, number: 1, unit: UNIT, dueDate, text: content })]);
    const c = t.env.client.workflow.getHandle(id);
    expect(await c.query(commitmentQuery)).toMatchObject({ status: 'open', unit: UNIT, dueDate, ticketId: h.workflowId });

    // The ticket closes; the commitment goes on.
    expect((await closeSatisfied(h)).status).toBe('closed');
    await recordHistory(h, 'i13b-commitment-ticket');
    const dueAt = endOfBeijingDate(dueDate);

    await t.env.sleep(dueAt - 24 * HOUR - (await t.env.currentTimeMs()) + 60_000);
    expect(await c.query(commitmentQuery)).toMatchObject({ status: 'open', remindedAt: expect.any(String) });
    const reminder = await t.smtp.waitFor((m) => m.subject.includes(h.workflowId) && m.subject.includes('承诺办结期限临近'));
    expect(reminder.to).toEqual([email(UNIT)]);
    expect(reminder.text).toContain(content);
    expect(reminder.text).toContain('承诺办结期限');

    await t.env.sleep(24 * HOUR);
    expect(await c.query(commitmentQuery)).toMatchObject({ status: 'overdue', overdueAt: expect.any(String) });
    const overdue = await t.smtp.waitFor((m) => m.subject.includes(h.workflowId) && m.subject.includes('承诺事项逾期未履行'));
    expect(overdue.to).toContain(email(UNIT));

    // Another unit may not close it; the unit that promised does, late.
    const other = await rejection(
      c.executeUpdate(fulfilCommitmentUpdate, { args: [{ actor: handlerOf('LJ-JN-HOUSING'), input: { commitment: 1, done: 'x' } }] }),
    );
    expect(other).toMatchObject({ code: 'forbidden' });
    const kept = await c.executeUpdate(fulfilCommitmentUpdate, {
      args: [{ actor: handlerOf(UNIT), input: { commitment: 1, done: '主板已更换，电梯恢复运行' } }],
    });
    expect(kept).toMatchObject({ status: 'fulfilled', fulfilment: { done: '主板已更换，电梯恢复运行', onTime: false } });
    expect(await c.result()).toMatchObject({ status: 'fulfilled' });
    await recordHistory(c, 'i13b-commitment');
    expect((await state(h)).status).toBe('closed');
  });
});
