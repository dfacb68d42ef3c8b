// 按时派单率 (seed 000) on the time-skipping server: a ticket nobody dispatched by its dispatch
// deadline reminds the dispatch desk by mail (over real SMTP) at exactly that instant and is marked
// dispatchOverdue, on the ticket and as a search attribute; one dispatched in time is not.
import { act, state } from '../setup/drive';
import { recordHistory } from '../setup/histories';
import { dispatcher, expectFiredAt, startTicket, ticketId, ticketInput, useTimeSkippingWorker } from '../setup/temporal';
import { TicketDispatchOverdue } from '../../workflows/search-attributes';

const UNIT = 'LJ-JB-HOUSING';
const DISPATCH_DESK = 'paidan@test.example';

describe('the dispatch deadline (time-skipping server)', () => {
  const taskQueue = 'dispatch-due';
  const t = useTimeSkippingWorker(taskQueue);
  const start = () => startTicket(t.env.client, taskQueue, ticketInput(ticketId('DD'), undefined, { requestType: 'help' }));

  test('undispatched at dispatchBy (registration + 2 h): the dispatch desk is mailed, the ticket marked, once', async () => {
    const h = await start();
    const registered = await state(h);
    const dispatchBy = registered.deadlines.dispatchBy!;
    expect(Date.parse(dispatchBy) - Date.parse(registered.registeredAt)).toBe(120 * 60_000);

    await t.env.sleep('119 minutes');
    expect((await state(h)).flags.dispatchOverdue).toBeUndefined();
    await t.env.sleep('2 minutes');
    const late = await state(h);
    expect(late.flags.dispatchOverdue).toBe(true);
    const fired = late.history.filter((e) => e.action === 'dispatchOverdue');
    expect(fired).toHaveLength(1);
    expectFiredAt(fired[0]!.at, dispatchBy);

    const mail = await t.smtp.waitFor((m) => m.subject.includes(h.workflowId) && m.subject.includes('超时未派单提醒'));
    expect(mail.to).toEqual([DISPATCH_DESK]);
    expect(mail.text).toContain('派单期限');
    expect(mail.text).toContain('请立即派单');
    expect((await h.describe()).typedSearchAttributes.get(TicketDispatchOverdue)).toBe(true);

    // Dispatched late: it stays marked (the statistics count it late), and nothing fires again.
    const dispatched = await act(h, 'dispatch', dispatcher, { unit: UNIT });
    expect(dispatched.flags.dispatchOverdue).toBe(true);
    await t.env.sleep('1 hour');
    expect((await state(h)).history.filter((e) => e.action === 'dispatchOverdue')).toHaveLength(1);
    await recordHistory(h, 'i14a-dispatch-overdue');
  });

  test('dispatched in time: no reminder, not marked', async () => {
    const h = await start();
    await t.env.sleep('1 hour');
    await act(h, 'dispatch', dispatcher, { unit: UNIT });
    await t.env.sleep('2 hours');
    const s = await state(h);
    expect(s.flags.dispatchOverdue).toBeUndefined();
    expect(s.history.some((e) => e.action === 'dispatchOverdue')).toBe(false);
    expect((await h.describe()).typedSearchAttributes.get(TicketDispatchOverdue)).toBe(false);
    expect(t.smtp.received.some((m) => m.subject.includes(h.workflowId) && m.subject.includes('超时未派单提醒'))).toBe(false);
  });
});
