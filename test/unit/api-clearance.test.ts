// GET /api/v1/clearance (动态清零) over a real embedded ledger holding the fixture month, without
// Temporal: the register as JSON and CSV, scoped like the unit statistics, every parameter checked.
import { Client, Connection } from '@temporalio/client';
import request from 'supertest';
import { createApp } from '../../api/app';
import { signToken } from '../../api/auth';
import { loadCalendar } from '../../config/calendar-source';
import { loadCatalog } from '../../config/catalog-source';
import { defaultRules, Role } from '../../domain/ticket';
import { BOM } from '../../ledger/csv';
import type { LedgerDb } from '../../ledger/db';
import { openTestLedger } from '../setup/ledger';
import { fixtureMonth } from './ledger-fixture-month';
import { recordStories } from './ledger-story';

const JWT = 'unit-test-secret-0123456789';
const connection = Connection.lazy({ address: '127.0.0.1:1' });
let ledger: LedgerDb;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  ledger = await openTestLedger();
  await recordStories(ledger, fixtureMonth());
  app = createApp({
    client: new Client({ connection }),
    namespace: 'default',
    taskQueue: 'unused',
    catalog: () => loadCatalog(),
    // The fixture month's units (U-A, S-1…) are not the demo catalog's: any unit claim is taken.
    auth: { secret: JWT, isUnit: () => true },
    rules: () => defaultRules,
    calendar: loadCalendar(),
    ledger,
  });
});
afterAll(async () => {
  await ledger?.close();
  await connection.close();
});

const get = async (query: string, role: Role, unit?: string) =>
  request(app)
    .get(`/api/v1/clearance${query}`)
    .set('Authorization', `Bearer ${await signToken(JWT, { sub: 'u', role, ...(unit ? { unit } : {}) })}`);

const ids = (body: { entries: { ticketId: string }[] }) => body.entries.map((e) => e.ticketId);

test('supervisors see every unit’s entries; CSV as an attachment', async () => {
  const res = await get('?month=2026-03', 'supervisor');
  expect(res.status).toBe(200);
  expect(ids(res.body)).toEqual(['B11', 'A2', 'A4']);
  expect(res.body.nextCursor).toBeNull();
  expect(res.body.units).toEqual([
    { unit: 'S-1', entries: 1, cleared: 1, open: 0 },
    { unit: 'U-A', entries: 2, cleared: 1, open: 1 },
  ]);
  const csv = await get('?month=2026-03&format=csv', 'admin');
  expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
  expect(csv.headers['content-disposition']).toBe(`attachment; filename="clearance_2026-03.csv"; filename*=UTF-8''clearance_2026-03.csv`);
  expect(csv.text.startsWith(BOM)).toBe(true);
  expect(csv.text.split('\r\n')).toHaveLength(5); // header, three entries, the final line end
});

test('one page at a time: nextCursor leads to the next page, the unit counts cover the whole month', async () => {
  const first = await get('?month=2026-03&limit=2', 'supervisor');
  expect(ids(first.body)).toEqual(['B11', 'A2']);
  expect(first.body.units.map((u: { entries: number }) => u.entries)).toEqual([1, 2]);
  expect(typeof first.body.nextCursor).toBe('string');
  const second = await get(`?month=2026-03&limit=2&cursor=${encodeURIComponent(first.body.nextCursor)}`, 'supervisor');
  expect(ids(second.body)).toEqual(['A4']);
  expect(second.body.nextCursor).toBeNull();
  const unitPage = await get('?month=2026-03&limit=1', 'unit_leader', 'U-A');
  expect(ids(unitPage.body)).toEqual(['A2']);
  expect(unitPage.body.units).toEqual([{ unit: 'U-A', entries: 2, cleared: 1, open: 1 }]);
  // The CSV exports every entry whatever the limit.
  const csv = await get('?month=2026-03&format=csv&limit=1', 'supervisor');
  expect(csv.text.split('\r\n')).toHaveLength(5);
});

test('a bad limit or cursor is 400 naming the field', async () => {
  for (const limit of ['0', '501', 'x', '2.5']) {
    const res = await get(`?month=2026-03&limit=${limit}`, 'supervisor');
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([expect.objectContaining({ path: 'limit' })]);
  }
  const notJson = Buffer.from('not json').toString('base64url');
  const wrongShape = Buffer.from(JSON.stringify(['U-A', '2026-02-30', 'A2'])).toString('base64url');
  for (const cursor of ['%%%', notJson, wrongShape]) {
    const res = await get(`?month=2026-03&cursor=${encodeURIComponent(cursor)}`, 'supervisor');
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([expect.objectContaining({ path: 'cursor' })]);
  }
});

test('a unit leader sees their own unit only; another unit is 403', async () => {
  const own = await get('?month=2026-03', 'unit_leader', 'U-A');
  expect(ids(own.body)).toEqual(['A2', 'A4']);
  expect(own.body.units).toEqual([{ unit: 'U-A', entries: 2, cleared: 1, open: 1 }]);
  const other = await get('?month=2026-03&unit=S-1', 'unit_leader', 'U-A');
  expect(other.status).toBe(403);
});

test('bad parameters are 400 naming the field; other roles 403', async () => {
  const bad = await get('?month=2026-13', 'supervisor');
  expect(bad.status).toBe(400);
  expect(bad.body.error.details).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'month' })]));
  const unknownUnit = await get('?month=2026-03&unit=NO-SUCH', 'supervisor');
  expect(unknownUnit.status).toBe(400);
  expect(unknownUnit.body.error.details).toEqual([expect.objectContaining({ path: 'unit' })]);
  expect((await get('?month=2026-03', 'handler', 'U-A')).status).toBe(403);
  expect((await get('?month=2026-03', 'operator')).status).toBe(403);
});
