// The 动态清零 register, the callers' pseudonyms and the supervision list on a real PostgreSQL server
// in Beijing time (test/setup/postgres.ts; PGlite runs in UTC): the same answers as the embedded
// database's for the fixture month and a caller's tickets.
import { clearanceRegister } from '../../ledger/clearance-page';
import type { LedgerDb } from '../../ledger/db';
import { openLedger } from '../../ledger/open';
import { recordTicket } from '../../ledger/recorder';
import { countCallerTickets, listSupervised } from '../../ledger/supervision';
import { loadCalendar } from '../../config/calendar-source';
import seed from '../../config/rules.seed.json';
import { toSupervisionRules } from '../../domain/rule-book';
import { superviseCaller, TicketState } from '../../domain/ticket';
import { openTestLedger } from '../setup/ledger';
import { startPostgres, TestPostgres } from '../setup/postgres';
import { fixtureMonth } from '../unit/ledger-fixture-month';
import { bj, recordStories, Story } from '../unit/ledger-story';

const SECRET = 'pseudonym-secret-for-the-pg-test';
const PHONE = '13912345678';
let server: TestPostgres;
let pg: LedgerDb;
let lite: LedgerDb;

function escalated(): TicketState {
  const s = new Story({ id: 'E1', at: '2026-03-20T23:30', citizen: { name: '张三', phone: PHONE } });
  const d = superviseCaller(s.state, toSupervisionRules(seed.supervision), {
    now: bj('2026-03-20T23:31'),
    calendar: loadCalendar(),
    callerTickets: 3,
  });
  if (!d.ok) throw new Error(d.reason);
  return d.state;
}

beforeAll(async () => {
  server = await startPostgres({ timezone: 'Asia/Shanghai' });
  pg = await openLedger({ databaseUrl: await server.createDatabase('supervision'), dataDir: '/nonexistent' });
  lite = await openTestLedger();
  for (const db of [pg, lite]) {
    await recordStories(db, fixtureMonth());
    await recordTicket(db, escalated(), { pseudonymSecret: SECRET });
  }
});
afterAll(async () => {
  await Promise.allSettled([pg?.close(), lite?.close()]);
  await server?.stop();
});

test('the register of March and April, as on PGlite', async () => {
  for (const month of ['2026-03', '2026-04']) {
    const onPg = await clearanceRegister(pg, { month });
    expect(onPg).toEqual(await clearanceRegister(lite, { month }));
  }
  expect((await clearanceRegister(pg, { month: '2026-03' })).entries.map((e) => e.ticketId)).toEqual(['B11', 'A2', 'A4']);
});

test('a caller’s tickets in the window and the supervision list, as on PGlite', async () => {
  const q = { ticketId: 'NEW', phones: [PHONE], registeredAt: new Date(bj('2026-04-15T08:00')).toISOString(), withinDays: 30 };
  expect(await countCallerTickets(pg, SECRET, q)).toBe(2);
  expect(await countCallerTickets(lite, SECRET, q)).toBe(2);
  const list = await listSupervised(pg, { limit: 10, offset: 0 });
  expect(list).toEqual(await listSupervised(lite, { limit: 10, offset: 0 }));
  expect(list.map((r) => [r.ticketId, r.reasons[0]!.at])).toEqual([['E1', new Date(bj('2026-03-20T23:31')).toISOString()]]);
});
