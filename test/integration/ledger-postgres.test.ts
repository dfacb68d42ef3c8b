// The ledger on a real PostgreSQL server (a throwaway cluster, test/setup/postgres.ts; the test
// FAILS when PostgreSQL is not installed). The same fixture month as the PGlite tests must give the
// same hand-computed figures, and every read must equal the embedded database's, with the server
// in Beijing time while PGlite runs in UTC. Also: concurrent starts and concurrent recordings.
import type { LedgerDb } from '../../ledger/db';
import { hotspots } from '../../ledger/hotspots';
import { loadMigrations, migrate } from '../../ledger/migrate';
import { closeSharedLedgers, openLedger, sharedLedger } from '../../ledger/open';
import { openPostgres } from '../../ledger/postgres';
import { rankUnits } from '../../ledger/ranking';
import { readEvents, readTicket } from '../../ledger/read';
import { recordTicket } from '../../ledger/recorder';
import { unitStats } from '../../ledger/stats';
import { startPostgres, TestPostgres } from '../setup/postgres';
import { openTestLedger } from '../setup/ledger';
import { ALL_CITIZEN_SECRETS, expectMarchReport, fixtureMonth, MARCH } from '../unit/ledger-fixture-month';
import { recordStories, Story } from '../unit/ledger-story';

let server: TestPostgres;
let pg: LedgerDb;
let lite: LedgerDb;
const stories = fixtureMonth();

beforeAll(async () => {
  server = await startPostgres({ timezone: 'Asia/Shanghai' });
  pg = await openLedger({ databaseUrl: await server.createDatabase('ledger'), dataDir: '/nonexistent' });
  lite = await openTestLedger();
  await recordStories(pg, stories);
  await recordStories(lite, stories);
});
afterAll(async () => {
  await Promise.allSettled([pg?.close(), lite?.close(), closeSharedLedgers()]);
  await server?.stop();
});

test('two processes starting at once on a fresh database: each migration applied exactly once', async () => {
  const url = await server.createDatabase('fresh');
  const a = openPostgres(url);
  const b = openPostgres(url);
  try {
    const results = await Promise.all([migrate(a), migrate(b), migrate(a)]);
    expect(results.flat().sort((x, y) => x - y)).toEqual(loadMigrations().map((m) => m.version));
    expect(await a.query('SELECT version FROM schema_migrations ORDER BY version')).toEqual(loadMigrations().map((m) => ({ version: m.version })));
    const shared = sharedLedger({ databaseUrl: url, dataDir: '/nonexistent' });
    expect(sharedLedger({ databaseUrl: url, dataDir: '/elsewhere' })).toBe(shared);
    expect(await (await shared).query('SELECT count(*)::int AS n FROM ticket_events')).toEqual([{ n: 0 }]);
  } finally {
    await Promise.all([a.close(), b.close()]);
  }
});

test('the fixture month: every figure as computed by hand', async () => {
  expectMarchReport(await unitStats(pg, MARCH));
});

test('idempotent: the same states again change nothing', async () => {
  const dump = async () => ({
    events: await pg.query('SELECT ticket_id, seq, unit, status, note FROM ticket_events ORDER BY 1, 2'),
    summaries: await pg.query('SELECT id, state, last_seq FROM ticket_summaries ORDER BY 1'),
    assignments: await pg.query(
      'SELECT ticket_id, dispatch_no, unit, dispatched_date::text, ended, overdue, last_seq FROM ticket_assignments ORDER BY 1, 2',
    ),
  });
  const before = await dump();
  for (const s of stories) expect(await recordTicket(pg, s.state)).toEqual({ appended: [], summaryUpdated: false });
  expect(await dump()).toEqual(before);
});

test('the same SQL, the same answers: PostgreSQL (Beijing time zone) and PGlite (UTC)', async () => {
  expect((await pg.query<{ tz: string }>('SHOW TimeZone'))[0]).toEqual({ TimeZone: 'Asia/Shanghai' });
  for (const period of [MARCH, { from: '2026-03-01', to: '2026-03-01' }, { from: '2026-02-01', to: '2026-04-30' }]) {
    expect(await unitStats(pg, period)).toEqual(await unitStats(lite, period));
  }
  const groups = { groupOf: (u: string) => (u.startsWith('S-') ? ('street' as const) : ('department' as const)) };
  expect(await rankUnits(pg, '2026-03', undefined, groups)).toEqual(await rankUnits(lite, '2026-03', undefined, groups));
  expect(await hotspots(pg, '2026-03', { minRequesters: 2, minTickets: 2 })).toEqual(
    await hotspots(lite, '2026-03', { minRequesters: 2, minTickets: 2 }),
  );
  for (const s of stories) {
    expect(await readTicket(pg, s.id)).toEqual(await readTicket(lite, s.id));
    expect(await readEvents(pg, s.id)).toEqual(await readEvents(lite, s.id));
  }
});

test('read-back without citizens’ phone numbers or names; none anywhere in the tables', async () => {
  const a1 = await readTicket(pg, 'A1');
  expect(a1?.description).toBe('停水，请回电***找***');
  expect(a1?.requesters.every((r) => r.phone === undefined && r.name === undefined)).toBe(true);
  const [{ text }] = await pg.query<{ text: string }>(
    `SELECT (SELECT string_agg(e::text, '') FROM ticket_events e)
         || (SELECT string_agg(s::text, '') FROM ticket_summaries s)
         || (SELECT string_agg(a::text, '') FROM ticket_assignments a) AS text`,
  );
  for (const secret of ALL_CITIZEN_SECRETS) expect(text).not.toContain(secret);
});

test('two workers recording one ticket at once, in opposite orders, converge on the in-order result', async () => {
  const url = await server.createDatabase('race');
  const [a, b, c] = [openPostgres(url), openPostgres(url), openPostgres(url)];
  try {
    await Promise.all([migrate(a), migrate(c)]);
    const build = (id: string) =>
      new Story({ id, at: '2026-03-04T08:30' })
        .dispatch('U-A', '2026-03-04T09:00')
        .returnIt('2026-03-04T10:00')
        .dispatch('U-B', '2026-03-04T11:00')
        .sign('2026-03-04T11:30')
        .handle({ first: '2026-03-04T12:00', final: '2026-03-05T09:00', reply: '2026-03-05T10:00', approve: '2026-03-05T11:00' })
        .followUp('unsatisfied', false, '2026-03-05T14:00')
        .handle({ first: '2026-03-06T09:00', final: '2026-03-06T10:00', reply: '2026-03-06T11:00', approve: '2026-03-06T12:00' })
        .followUp('satisfied', true, '2026-03-06T15:00');
    const raced = build('RACE');
    const calm = build('CALM');
    await Promise.all([
      (async () => {
        for (const st of raced.states) await recordTicket(a, st);
      })(),
      (async () => {
        for (const st of [...raced.states].reverse()) await recordTicket(b, st);
      })(),
    ]);
    for (const st of calm.states) await recordTicket(c, st);
    const rows = async (id: string) => ({
      events: await c.query('SELECT seq, action, status FROM ticket_events WHERE ticket_id = $1 ORDER BY seq', [id]),
      assignments: (await c.query<Record<string, unknown>>('SELECT * FROM ticket_assignments WHERE ticket_id = $1 ORDER BY dispatch_no', [id])).map(
        ({ ticket_id: _t, ...r }) => r,
      ),
      summary: (await c.query<{ state: { id: string } }>('SELECT state FROM ticket_summaries WHERE id = $1', [id])).map((r) => ({
        ...r.state,
        id: 'x',
      })),
    });
    expect(await rows('RACE')).toEqual(await rows('CALM'));
    expect((await rows('RACE')).events).toHaveLength(raced.state.history.length);
  } finally {
    await Promise.all([a.close(), b.close(), c.close()]);
  }
});
