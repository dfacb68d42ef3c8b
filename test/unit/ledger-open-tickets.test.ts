// The open-ticket figures /metrics exposes (ledger/open-tickets.ts): open tickets by status, the
// overdue ones among them; finished tickets in neither.
import type { LedgerDb } from '../../ledger/db';
import { countOpenTickets } from '../../ledger/open-tickets';
import { openTestLedger } from '../setup/ledger';
import { recordStories, Story } from './ledger-story';

let db: LedgerDb;
afterAll(() => db?.close());

test('open tickets per status, overdue ones counted apart, finished ones left out', async () => {
  db = await openTestLedger();
  expect(await countOpenTickets(db)).toEqual([]);
  const registered = new Story({ id: 'M-REG', at: '2026-06-01T09:00' });
  const handling = new Story({ id: 'M-HDL', at: '2026-06-01T08:00' }).dispatch('U1', '2026-06-01T08:10').sign('2026-06-01T08:20');
  // Signed, then nothing for a month: its deadlines pass (the workflow's timer loop fires them).
  const late = new Story({ id: 'M-LATE', at: '2026-06-01T07:00' })
    .dispatch('U1', '2026-06-01T07:10')
    .sign('2026-06-01T07:20')
    .tick('2026-07-01T09:00');
  const closed = new Story({ id: 'M-CLS', at: '2026-06-01T04:00' })
    .dispatch('U2', '2026-06-01T04:10')
    .sign('2026-06-01T04:20')
    .handle({ first: '2026-06-01T04:30', final: '2026-06-01T04:40', reply: '2026-06-01T04:50', approve: '2026-06-01T05:00' })
    .followUp('satisfied', true, '2026-06-01T05:10');
  await recordStories(db, [registered, handling, late, closed]);
  expect(late.state).toMatchObject({ status: 'handling', flags: { overdue: true } });
  expect(await countOpenTickets(db)).toEqual([
    { status: 'handling', open: 2, overdue: 1 },
    { status: 'registered', open: 1, overdue: 0 },
  ]);
});
