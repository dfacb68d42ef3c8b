// Overrides per request type (HOTLINE_RULES) through a real worker on the time-skipping server: the
// most specific override sets a ticket's reply deadline and reminder (category and type > type >
// the defaults), and a ticket of another type keeps the defaults.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadCalendar } from '../../config/calendar-source';
import { loadCatalog } from '../../config/catalog-source';
import { loadRules } from '../../config/rules-source';
import seed from '../../config/rules.seed.json';
import { addWorkingDays } from '../../domain/calendar';
import { rulesFor } from '../../domain/rule-book';
import type { RequestType } from '../../domain/ticket';
import { act, state } from '../setup/drive';
import { dispatcher, expectFiredAt, handlerOf, startTicket, ticketId, ticketInput, useTimeSkippingWorker } from '../setup/temporal';

const UNIT = 'LJ-JB-HOUSING';
const HOUR = 3_600_000;

/** Consultations answered within 8 h (reminded 2 h before); about property management within 4 h (1 h before). */
function cityRules() {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'hotline-rules-')), 'rules.json');
  const overrides = [
    { when: { requestType: 'consult' }, rules: { reply: { hours: 8 }, replyReminder: { hours: 2 } } },
    { when: { category: 'PROPERTY_MANAGEMENT', requestType: 'consult' }, rules: { reply: { hours: 4 }, replyReminder: { hours: 1 } } },
  ];
  writeFileSync(file, JSON.stringify({ ...seed, overrides }));
  return loadRules({ HOTLINE_RULES: file, HOTLINE_FOLLOW_UP_PROVIDER: 'manual' }, loadCatalog());
}

describe('rules per request type (time-skipping server)', () => {
  const taskQueue = 'rules-per-request-type';
  const t = useTimeSkippingWorker(taskQueue);
  const book = cityRules();

  /** Opened as the API does: the rules resolved for the ticket's category and request type at intake. */
  async function open(category: string, requestType: RequestType) {
    const input = ticketInput(ticketId('RT'), undefined, { category, requestType }, rulesFor(book, { category, requestType }));
    const h = await startTicket(t.env.client, taskQueue, input);
    const s = await act(h, 'dispatch', dispatcher, { unit: UNIT });
    await act(h, 'sign', handlerOf(UNIT), {});
    await act(h, 'contact', handlerOf(UNIT), { stage: 'first', method: 'phone' });
    return { h, s, replyBy: s.deadlines.replyBy! };
  }
  const after = (s: { dispatchedAt?: string }, hours: number) => new Date(Date.parse(s.dispatchedAt!) + hours * HOUR).toISOString();

  test('category and type: 4 h; the type alone: 8 h; another type: 4 working days; each reminded and breached at its own time', async () => {
    const both = await open('PROPERTY_MANAGEMENT', 'consult');
    const typeOnly = await open('WAGE_ARREARS', 'consult');
    const other = await open('PROPERTY_MANAGEMENT', 'complaint');
    expect(both.replyBy).toBe(after(both.s, 4));
    expect(typeOnly.replyBy).toBe(after(typeOnly.s, 8));
    expect(other.replyBy).toBe(addWorkingDays(loadCalendar(), Date.parse(other.s.dispatchedAt!), 4).dueAt);
    expect((await state(both.h)).requestType).toBe('consult');

    await t.env.sleep(Date.parse(typeOnly.replyBy) - (await t.env.currentTimeMs()) + 60_000);
    for (const [ticket, reminderHours] of [
      [both, 1],
      [typeOnly, 2],
    ] as const) {
      const s = await state(ticket.h);
      expect(s.flags.overdue).toBe(true);
      expectFiredAt(s.history.find((e) => e.action === 'replyOverdue')!.at, ticket.replyBy);
      expectFiredAt(
        s.history.find((e) => e.action === 'replyReminder')!.at,
        new Date(Date.parse(ticket.replyBy) - reminderHours * HOUR).toISOString(),
      );
    }
    const untouched = await state(other.h);
    expect(untouched.flags.overdue).toBe(false);
    expect(untouched.history.some((e) => e.action === 'replyReminder' || e.action === 'replyOverdue')).toBe(false);
  });
});
