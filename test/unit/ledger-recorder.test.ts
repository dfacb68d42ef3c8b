// The ledger's write side on embedded PGlite in a directory, opened the way the processes open it:
// migrations (recorded, idempotent, refusing an edited migration), idempotent appends and upserts,
// states arriving out of order, how dispatches end, and the read-back without citizens' data.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLedgerActivities } from '../../ledger/activities';
import type { LedgerDb } from '../../ledger/db';
import { loadMigrations, migrate } from '../../ledger/migrate';
import { closeSharedLedgers, openLedger, sharedLedger } from '../../ledger/open';
import { readEvents, readTicket } from '../../ledger/read';
import { recordTicket } from '../../ledger/recorder';
import type { TicketState } from '../../domain/ticket';
import { ALL_CITIZEN_SECRETS, CITIZEN, fixtureMonth, MERGED_CITIZEN } from './ledger-fixture-month';
import { bjIso, recordStories, Story } from './ledger-story';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hotline-ledger-'));
let db: LedgerDb;
let stories: Story[];
const story = (id: string) => stories.find((s) => s.id === id)!;

/** Every row of the three tables, in a stable order, without the bookkeeping timestamps. */
async function dump(d: LedgerDb) {
  const strip = (rows: Record<string, unknown>[]) => rows.map(({ recorded_at: _r, updated_at: _u, ...rest }) => JSON.parse(JSON.stringify(rest)));
  return {
    events: strip(await d.query('SELECT * FROM ticket_events ORDER BY ticket_id, seq')),
    summaries: strip(await d.query('SELECT * FROM ticket_summaries ORDER BY id')),
    assignments: strip(await d.query('SELECT * FROM ticket_assignments ORDER BY ticket_id, dispatch_no')),
  };
}

beforeAll(async () => {
  db = await openLedger({ dataDir });
  stories = fixtureMonth();
  await recordStories(db, stories);
});
afterAll(async () => {
  await db?.close();
  await closeSharedLedgers();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('migrations', () => {
  test('applied once, recorded in schema_migrations, a no-op when up to date', async () => {
    expect(fs.existsSync(path.join(dataDir, 'ledger', 'PG_VERSION'))).toBe(true);
    const rows = await db.query<{ version: number; name: string }>('SELECT version, name FROM schema_migrations ORDER BY version');
    expect(rows).toEqual(loadMigrations().map((m) => ({ version: m.version, name: m.name })));
    expect(rows[0]).toEqual({ version: 1, name: 'init' });
    expect(await migrate(db)).toEqual([]);
  });

  test('a migration changed after it was applied is refused, and nothing is half-applied', async () => {
    const edited = loadMigrations().map((m) => (m.version === 1 ? { ...m, checksum: 'x' } : m));
    await expect(migrate(db, edited)).rejects.toThrow(/001_init was changed after it was applied/);
    const extra = [...loadMigrations(), { version: 99, name: 'broken', sql: 'CREATE TABLE ok_table (x int); SELECT nope;', checksum: 'y' }];
    await expect(migrate(db, extra)).rejects.toThrow();
    expect(await db.query("SELECT 1 FROM information_schema.tables WHERE table_name = 'ok_table'")).toEqual([]);
    expect(await db.query('SELECT version FROM schema_migrations WHERE version = 99')).toEqual([]);
  });
});

describe('appends and upserts', () => {
  test('every audit entry once, every ticket one summary, one assignment row per dispatch', async () => {
    const entries = stories.reduce((n, s) => n + s.state.history.length, 0);
    expect(await db.query('SELECT count(*)::int AS n FROM ticket_events')).toEqual([{ n: entries }]);
    expect(await db.query('SELECT count(*)::int AS n FROM ticket_summaries')).toEqual([{ n: stories.length }]);
    const dispatches = stories.reduce((n, s) => n + s.state.counters.dispatches, 0);
    expect(await db.query('SELECT count(*)::int AS n FROM ticket_assignments')).toEqual([{ n: dispatches }]);
  });

  test('recording the same states again writes nothing; an older state never replaces a newer one', async () => {
    const before = await dump(db);
    for (const s of stories) {
      const r = await recordTicket(db, s.state);
      expect(r).toEqual({ appended: [], summaryUpdated: false });
    }
    const a4 = story('A4');
    expect(await recordTicket(db, a4.states[2])).toEqual({ appended: [], summaryUpdated: false });
    expect(await dump(db)).toEqual(before);
  });

  test('the activity is the recorder: a retried call is a no-op', async () => {
    const { recordLedger } = createLedgerActivities(db);
    const s = new Story({ id: 'ACT-1', at: '2026-03-20T10:00' }).dispatch('U-A', '2026-03-20T10:05');
    expect(await recordLedger(s.states[0])).toEqual({ appended: [1], summaryUpdated: true });
    expect(await recordLedger(s.state)).toEqual({ appended: [2], summaryUpdated: true });
    expect(await recordLedger(s.state)).toEqual({ appended: [], summaryUpdated: false });
    await db.query("DELETE FROM ticket_events WHERE ticket_id = 'ACT-1'");
    await db.query("DELETE FROM ticket_summaries WHERE id = 'ACT-1'");
    await db.query("DELETE FROM ticket_assignments WHERE ticket_id = 'ACT-1'");
  });

  test('events carry the actor, the lead unit and status after each step', async () => {
    const rows = await db.query(
      "SELECT seq, action, actor_role, actor_unit, unit, status FROM ticket_events WHERE ticket_id = 'A3' AND seq <= 5 ORDER BY seq",
    );
    expect(rows).toEqual([
      { seq: 1, action: 'register', actor_role: 'operator', actor_unit: null, unit: null, status: 'registered' },
      { seq: 2, action: 'dispatch', actor_role: 'dispatcher', actor_unit: null, unit: 'U-A', status: 'dispatched' },
      { seq: 3, action: 'return', actor_role: 'handler', actor_unit: 'U-A', unit: null, status: 'returned' },
      { seq: 4, action: 'dispatch', actor_role: 'dispatcher', actor_unit: null, unit: 'U-B', status: 'dispatched' },
      { seq: 5, action: 'sign', actor_role: 'handler', actor_unit: 'U-B', unit: 'U-B', status: 'handling' },
    ]);
    // Exact unless two timers fired in one step (A5: reply reminder and deadline at once): then only
    // the last one's state is known; the reminder carries the state after both.
    expect(await db.query('SELECT ticket_id, action, unit FROM ticket_events WHERE NOT exact')).toEqual([
      { ticket_id: 'A5', action: 'replyReminder', unit: 'U-A' },
    ]);
  });

  test('each dispatch keeps its unit, date and ending: returned, reassigned, or still current', async () => {
    const rows = await db.query(
      `SELECT ticket_id, dispatch_no, unit, dispatched_date::text AS day, designated, ended, ended_at, status
         FROM ticket_assignments WHERE ticket_id IN ('A3', 'A6', 'B11', 'A7') ORDER BY ticket_id, dispatch_no`,
    );
    const at = (local: string) => new Date(bjIso(local));
    expect(rows).toEqual([
      {
        ticket_id: 'A3',
        dispatch_no: 1,
        unit: 'U-A',
        day: '2026-03-04',
        designated: false,
        ended: 'returned',
        ended_at: at('2026-03-04T10:00'),
        status: 'returned',
      },
      { ticket_id: 'A3', dispatch_no: 2, unit: 'U-B', day: '2026-03-04', designated: false, ended: null, ended_at: null, status: 'closed' },
      {
        ticket_id: 'A6',
        dispatch_no: 1,
        unit: 'U-A',
        day: '2026-03-10',
        designated: false,
        ended: 'reassigned',
        ended_at: at('2026-03-10T10:00'),
        status: 'dispatched',
      },
      { ticket_id: 'A6', dispatch_no: 2, unit: 'U-B', day: '2026-03-10', designated: false, ended: null, ended_at: null, status: 'closed' },
      { ticket_id: 'A7', dispatch_no: 1, unit: 'U-A', day: '2026-03-01', designated: false, ended: null, ended_at: null, status: 'handling' },
      {
        ticket_id: 'B11',
        dispatch_no: 1,
        unit: 'U-B',
        day: '2026-03-12',
        designated: false,
        ended: 'returned',
        ended_at: at('2026-03-12T09:30'),
        status: 'designating',
      },
      { ticket_id: 'B11', dispatch_no: 2, unit: 'S-1', day: '2026-03-13', designated: true, ended: null, ended_at: null, status: 'closed' },
    ]);
  });

  test('states arriving in reverse or shuffled order end up exactly as when recorded in order', async () => {
    const renamed = (st: TicketState, id: string): TicketState => ({ ...st, id });
    const shuffle = <T>(xs: T[], seed: number): T[] => {
      const out = [...xs];
      for (let i = out.length - 1; i > 0; i--) {
        seed = (seed * 1103515245 + 12345) % 2 ** 31;
        const j = seed % (i + 1);
        [out[i], out[j]] = [out[j], out[i]];
      }
      return out;
    };
    for (const [n, s] of stories.entries()) {
      const reversed = s.states.map((st) => renamed(st, `${s.id}-R`)).reverse();
      const shuffled = shuffle(
        s.states.map((st) => renamed(st, `${s.id}-S`)),
        n + 1,
      );
      for (const st of [...reversed, ...shuffled]) await recordTicket(db, st);
    }
    const rows = async (table: string, key: string, id: string) =>
      (await db.query<Record<string, unknown>>(`SELECT * FROM ${table} WHERE ${key} = $1 ORDER BY 1, 2`, [id])).map(
        ({ ticket_id: _t, id: _i, updated_at: _u, recorded_at: _r, state, ...rest }) => ({
          ...rest,
          ...(state ? { state: { ...(state as object), id: 'x' } } : {}),
        }),
      );
    for (const s of stories) {
      for (const [table, key] of [
        ['ticket_events', 'ticket_id'],
        ['ticket_assignments', 'ticket_id'],
        ['ticket_summaries', 'id'],
      ]) {
        const inOrder = await rows(table, key, s.id);
        expect({ id: s.id, table, rows: await rows(table, key, `${s.id}-R`) }).toEqual({ id: s.id, table, rows: inOrder });
        expect({ id: s.id, table, rows: await rows(table, key, `${s.id}-S`) }).toEqual({ id: s.id, table, rows: inOrder });
      }
    }
    for (const suffix of ['R', 'S']) {
      for (const table of ['ticket_events', 'ticket_assignments']) await db.query(`DELETE FROM ${table} WHERE ticket_id LIKE '%-${suffix}'`);
      await db.query(`DELETE FROM ticket_summaries WHERE id LIKE '%-${suffix}'`);
    }
  });
});

describe('summary and read-back', () => {
  test('summary row: flags, counters, final follow-up round, closure, requesters', async () => {
    const [b10] = await db.query<Record<string, unknown>>("SELECT * FROM ticket_summaries WHERE id = 'B10'");
    expect(b10).toMatchObject({
      channel: 'wechat',
      request_type: 'complaint',
      citizen_kind: 'person',
      dispatch_by: new Date(bjIso('2026-03-11T10:00')),
      dispatch_overdue: false,
      category: 'water-outage',
      district: 'D1',
      street: 's1',
      lead_unit: 'U-B',
      co_units: [],
      status: 'closed',
      registered_at: new Date(bjIso('2026-03-11T08:00')),
      dispatched_at: new Date(bjIso('2026-03-11T09:00')),
      signed_at: new Date(bjIso('2026-03-11T09:20')),
      first_contact_at: new Date(bjIso('2026-03-11T09:40')),
      // The reply counts from its sign-off (11:00), not the draft (10:00): R3, seed 002 审签后反馈.
      replied_at: new Date(bjIso('2026-03-12T11:00')),
      closed_at: new Date(bjIso('2026-03-12T14:30')),
      overdue: false,
      dispatches: 1,
      returns: 0,
      rehandles: 0,
      reply_on_time: true,
      satisfaction: 'basically_satisfied',
      resolved: true,
      follow_up: {
        round: 0,
        answers: 2,
        satisfied: 1,
        basicallySatisfied: 1,
        unsatisfied: 0,
        resolved: 2,
        unresolved: 0,
        satisfaction: 'basically_satisfied',
        allResolved: true,
      },
      closure: 'satisfied',
      requesters: 2,
    });
    const closures = await db.query("SELECT id, closure, overdue, rehandles FROM ticket_summaries WHERE id IN ('A4', 'A5', 'A6', 'B11') ORDER BY id");
    expect(closures).toEqual([
      { id: 'A4', closure: 'satisfied', overdue: false, rehandles: 1 },
      { id: 'A5', closure: 'unreachable', overdue: true, rehandles: 0 },
      { id: 'A6', closure: 'no_follow_up', overdue: false, rehandles: 0 },
      { id: 'B11', closure: 'non_compliant', overdue: false, rehandles: 1 },
    ]);
  });

  test('readTicket gives the state without citizens’ phone numbers and names, also in free text', async () => {
    const a1 = await readTicket(db, 'A1');
    const original = story('A1').state;
    expect(a1).toBeDefined();
    expect(a1!.requesters).toEqual([{ anonymous: false, followUp: true, addedAt: original.requesters[0].addedAt }]);
    expect(a1!.description).toBe('停水，请回电***找***');
    expect(a1!.contacts[0].note).toBe('已致电***');
    expect(a1!.history.find((e) => e.action === 'contact')?.note).toBe('已致电***');
    // Everything else is the state as it was.
    const { requesters: _r, description: _d, contacts: _c, history: _h, ...rest } = original;
    expect(a1).toMatchObject(JSON.parse(JSON.stringify(rest)));
    expect(a1!.history.map((e) => e.action)).toEqual(original.history.map((e) => e.action));
    expect((await readEvents(db, 'A1')).find((e) => e.action === 'contact')?.note).toBe('已致电***');

    const b10 = await readTicket(db, 'B10');
    expect(b10!.requesters).toHaveLength(2);
    expect(b10!.requesters[1]).toMatchObject({ fromTicket: 'M' });
    expect(JSON.stringify(b10)).not.toContain(MERGED_CITIZEN.phone);
    expect(await readTicket(db, 'NO-SUCH')).toBeUndefined();
  });

  test('text PostgreSQL cannot store (a lone surrogate, NUL) is recorded with U+FFFD in its place', async () => {
    // Found by schemathesis: such a note made every write of that ticket fail, and retry for ever.
    const a1 = story('A1').state;
    const odd: TicketState = JSON.parse(JSON.stringify(a1));
    odd.id = 'ODD-TEXT';
    odd.description = 'bad \ud8b9 pair \udce7\u0000 end';
    odd.history[0].note = '\u0000注\ud800';
    await recordTicket(db, odd);
    const back = await readTicket(db, 'ODD-TEXT');
    expect(back!.description).toBe('bad \ufffd pair \ufffd\ufffd end');
    expect((await readEvents(db, 'ODD-TEXT'))[0].note).toBe('\ufffd注\ufffd');
    await db.query('DELETE FROM ticket_events WHERE ticket_id = $1', ['ODD-TEXT']);
    await db.query('DELETE FROM ticket_assignments WHERE ticket_id = $1', ['ODD-TEXT']);
    await db.query('DELETE FROM ticket_summaries WHERE id = $1', ['ODD-TEXT']);
  });

  test('no citizen phone number or name anywhere in the ledger', async () => {
    const [{ text }] = await db.query<{ text: string }>(
      `SELECT (SELECT string_agg(e::text, '') FROM ticket_events e)
           || (SELECT string_agg(s::text, '') FROM ticket_summaries s)
           || (SELECT string_agg(a::text, '') FROM ticket_assignments a) AS text`,
    );
    expect(text.length).toBeGreaterThan(1000);
    expect(text).toContain('0431-8888888'); // the handler's official phone stays
    for (const secret of ALL_CITIZEN_SECRETS) expect(text).not.toContain(secret);
    expect(story('A1').state.requesters[0].phone).toBe(CITIZEN.phone); // the input was not modified
  });

  test('a second open of the same directory is refused while the first is open (PGlite: one process)', async () => {
    expect(fs.readFileSync(path.join(dataDir, 'ledger.lock'), 'utf8')).toBe(String(process.pid));
    await expect(openLedger({ dataDir })).rejects.toThrow(/already open in process \d+ \(this one\).*npm start.*DATABASE_URL/);
  });

  test('the directory outlives the process: reopened (one shared handle per process), nothing re-applied', async () => {
    await db.close();
    expect(fs.existsSync(path.join(dataDir, 'ledger.lock'))).toBe(false);
    fs.writeFileSync(path.join(dataDir, 'ledger.lock'), '999999999'); // left by a process that died
    const cfg = { dataDir };
    const shared = sharedLedger(cfg);
    expect(sharedLedger(cfg)).toBe(shared);
    db = await shared;
    expect(await db.query('SELECT count(*)::int AS n FROM schema_migrations')).toEqual([{ n: loadMigrations().length }]);
    expect((await readTicket(db, 'B11'))?.status).toBe('closed');
    await closeSharedLedgers();
    db = await openLedger({ dataDir }); // for afterAll
  });
});
