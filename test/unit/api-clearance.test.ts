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

test('supervisors see every unit’s entries; CSV as an attachment', async () => {
  const res = await get('?month=2026-03', 'supervisor');
  expect(res.status).toBe(200);
  expect(res.body.entries.map((e: { ticketId: string }) => e.ticketId)).toEqual(['B11', 'A2', 'A4']);
  const csv = await get('?month=2026-03&format=csv', 'admin');
  expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
  expect(csv.headers['content-disposition']).toBe(`attachment; filename="clearance_2026-03.csv"; filename*=UTF-8''clearance_2026-03.csv`);
  expect(csv.text.startsWith(BOM)).toBe(true);
  expect(csv.text.split('\r\n')).toHaveLength(5); // header, three entries, the final line end
});

test('a unit leader sees their own unit only; another unit is 403', async () => {
  const own = await get('?month=2026-03', 'unit_leader', 'U-A');
  expect(own.body.entries.map((e: { ticketId: string }) => e.ticketId)).toEqual(['A2', 'A4']);
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
