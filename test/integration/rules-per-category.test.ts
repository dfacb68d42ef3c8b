// A city's rules file (HOTLINE_RULES) through a real worker: a category's override reaches its
// tickets' timers, and no other category's.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadCalendar } from '../../config/calendar-source';
import { loadCatalog } from '../../config/catalog-source';
import { loadRules } from '../../config/rules-source';
import seed from '../../config/rules.seed.json';
import { addWorkingDays } from '../../domain/calendar';
import { rulesFor } from '../../domain/rule-book';
import { act, state } from '../setup/drive';
import { dispatcher, expectFiredAt, handlerOf, startTicket, ticketId, ticketInput, useTimeSkippingWorker } from '../setup/temporal';

const UNIT = 'LJ-JB-HOUSING';
const HOUR = 3_600_000;

/** The seed, with property management answering within 24 wall-clock hours, reminded 4 h before. */
function cityRules() {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'hotline-rules-')), 'rules.json');
  const overrides = [{ when: { category: 'PROPERTY_MANAGEMENT' }, rules: { reply: { hours: 24 }, replyReminder: { hours: 4 } } }];
  writeFileSync(file, JSON.stringify({ ...seed, overrides }));
  return loadRules({ HOTLINE_RULES: file, HOTLINE_FOLLOW_UP_PROVIDER: 'manual' }, loadCatalog());
}

describe('rules per category (time-skipping server)', () => {
  const taskQueue = 'rules-per-category';
  const t = useTimeSkippingWorker(taskQueue);
  const book = cityRules();

  /** Opened as the API does: the ticket's rules resolved for its category at intake. */
  async function openDispatchedAndSigned(category: string) {
    const input = ticketInput(ticketId('RC'), undefined, { category }, rulesFor(book, { category }));
    const h = await startTicket(t.env.client, taskQueue, input);
    const s = await act(h, 'dispatch', dispatcher, { unit: UNIT });
    await act(h, 'sign', handlerOf(UNIT), {});
    await act(h, 'contact', handlerOf(UNIT), { stage: 'first', method: 'phone' });
    return { h, s };
  }

  test("the overridden category's reply deadline is 24 h from dispatch, reminded 4 h before; another category keeps 4 working days", async () => {
    const property = await openDispatchedAndSigned('PROPERTY_MANAGEMENT');
    const wages = await openDispatchedAndSigned('WAGE_ARREARS');
    const replyBy = new Date(Date.parse(property.s.dispatchedAt!) + 24 * HOUR).toISOString();
    expect(property.s.deadlines.replyBy).toBe(replyBy);
    expect(wages.s.deadlines.replyBy).toBe(addWorkingDays(loadCalendar(), Date.parse(wages.s.dispatchedAt!), 4).dueAt);

    await t.env.sleep(Date.parse(replyBy) - (await t.env.currentTimeMs()) + 60_000);
    const breached = await state(property.h);
    expect(breached.flags.overdue).toBe(true);
    expectFiredAt(breached.history.find((e) => e.action === 'replyOverdue')!.at, replyBy);
    expectFiredAt(breached.history.find((e) => e.action === 'replyReminder')!.at, new Date(Date.parse(replyBy) - 4 * HOUR).toISOString());

    const untouched = await state(wages.h);
    expect(untouched.flags.overdue).toBe(false);
    expect(untouched.history.some((e) => e.action === 'replyReminder' || e.action === 'replyOverdue')).toBe(false);
  });
});
