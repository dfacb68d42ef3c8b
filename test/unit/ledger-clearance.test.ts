// 动态清零 (seed 003) on the fixture month (test/unit/ledger-fixture-month.ts), worked out by hand:
//   A2  U-A  03-05 basically satisfied, NOT resolved → closed "satisfied but unresolved": enters 03-05, never cleared
//   A4  U-A  03-06 unsatisfied → re-handled → 03-10 satisfied and resolved: enters 03-06, cleared 03-10
//   B11 S-1  (designated after U-B's return) 03-16 unsatisfied → 03-17 closed non-compliant: cleared 03-17
//   every other ticket's answers are all satisfied (or basically) and resolved, or it has none
// April: A2 carried over (still open); A4 and B11 were cleared in March, so not listed.
import { BOM, clearanceCsv } from '../../ledger/csv';
import { clearanceOf } from '../../ledger/clearance';
import { clearanceBatches, clearancePage, clearanceRegister, clearanceUnitCounts } from '../../ledger/clearance-page';
import type { LedgerDb } from '../../ledger/db';
import { openTestLedger } from '../setup/ledger';
import { fixtureMonth } from './ledger-fixture-month';
import { recordStories } from './ledger-story';

let db: LedgerDb;

beforeAll(async () => {
  db = await openTestLedger();
  await recordStories(db, fixtureMonth());
});
afterAll(() => db?.close());

const row = (e: { ticketId: string; unit: string; enteredOn: string; clearedOn: string | null; clearedBy: string | null; carriedOver: boolean }) => [
  e.ticketId,
  e.unit,
  e.enteredOn,
  e.clearedOn,
  e.clearedBy,
  e.carriedOver,
];

test('March: the unresolved and unsatisfied tickets per unit, with who answered for them and when each was cleared', async () => {
  const r = await clearanceRegister(db, { month: '2026-03' });
  expect(r.entries.map(row)).toEqual([
    ['B11', 'S-1', '2026-03-16', '2026-03-17', 'non_compliant', false],
    ['A2', 'U-A', '2026-03-05', null, null, false],
    ['A4', 'U-A', '2026-03-06', '2026-03-10', 'resolved', false],
  ]);
  const a2 = r.entries.find((e) => e.ticketId === 'A2')!;
  expect([a2.unsatisfied, a2.unresolved, a2.closure, a2.status]).toEqual([false, true, 'satisfied', 'closed']);
  expect([a2.handlerName, a2.signedOffBy]).toEqual(['王办', 'l-U-A']);
  const a4 = r.entries.find((e) => e.ticketId === 'A4')!;
  expect([a4.unsatisfied, a4.unresolved]).toEqual([true, true]);
  expect(r.units).toEqual([
    { unit: 'S-1', entries: 1, cleared: 1, open: 0 },
    { unit: 'U-A', entries: 2, cleared: 1, open: 1 },
  ]);
});

test('April: what March left open is carried over; February had nothing', async () => {
  const april = await clearanceRegister(db, { month: '2026-04' });
  expect(april.entries.map(row)).toEqual([['A2', 'U-A', '2026-03-05', null, null, true]]);
  expect((await clearanceRegister(db, { month: '2026-02' })).entries).toEqual([]);
});

test('a unit filter lists that unit only, with zeros for a unit without entries', async () => {
  const r = await clearanceRegister(db, { month: '2026-03', units: ['U-A', 'U-B'] });
  expect(r.entries.map((e) => e.ticketId)).toEqual(['A2', 'A4']);
  expect(r.units).toEqual([
    { unit: 'U-A', entries: 2, cleared: 1, open: 1 },
    { unit: 'U-B', entries: 0, cleared: 0, open: 0 },
  ]);
});

test('pages: the register a page at a time, each starting after the previous page’s last entry', async () => {
  const first = await clearancePage(db, { month: '2026-03', limit: 2 });
  expect(first.entries.map((e) => e.ticketId)).toEqual(['B11', 'A2']);
  expect(first.next).toEqual({ unit: 'U-A', enteredOn: '2026-03-05', ticketId: 'A2' });
  const second = await clearancePage(db, { month: '2026-03', limit: 2, after: first.next! });
  expect(second.entries.map((e) => e.ticketId)).toEqual(['A4']);
  expect(second.next).toBeNull();
  // A page exactly as long as what is left is the last one: no empty page after it.
  expect((await clearancePage(db, { month: '2026-03', limit: 3 })).next).toBeNull();
  const oneUnit = await clearancePage(db, {
    month: '2026-03',
    units: ['U-A'],
    limit: 1,
    after: { unit: 'U-A', enteredOn: '2026-03-05', ticketId: 'A2' },
  });
  expect(oneUnit.entries.map((e) => e.ticketId)).toEqual(['A4']);
  // The unit counts cover the month, not the page.
  expect(await clearanceUnitCounts(db, { month: '2026-03', units: ['U-A'] })).toEqual([{ unit: 'U-A', entries: 2, cleared: 1, open: 1 }]);
  const batches = [];
  for await (const b of clearanceBatches(db, { month: '2026-03' }, 2)) batches.push(b.map((e) => e.ticketId));
  expect(batches).toEqual([['B11', 'A2'], ['A4']]);
});

test('a clearance after the month shows as still open in that month', () => {
  const t = {
    followUps: [
      { requester: 0, satisfaction: 'unsatisfied' as const, resolved: true, at: '2026-03-31T10:00:00.000Z', by: 'f', round: 0 },
      { requester: 0, satisfaction: 'satisfied' as const, resolved: true, at: '2026-04-02T10:00:00.000Z', by: 'f', round: 1 },
    ],
  };
  expect(clearanceOf(t)).toEqual({
    entered: { at: '2026-03-31T10:00:00.000Z', unsatisfied: true, unresolved: false },
    cleared: { at: '2026-04-02T10:00:00.000Z', by: 'resolved' },
  });
  expect(clearanceOf({ followUps: [{ ...t.followUps[1]!, round: 0 }] })).toBeUndefined();
});

test('CSV: one row per entry, Chinese headers and labels', async () => {
  const csv = clearanceCsv(await clearanceRegister(db, { month: '2026-03' }));
  const lines = csv.slice(BOM.length).trimEnd().split('\r\n');
  expect(csv.startsWith(BOM)).toBe(true);
  expect(lines[0]).toBe('月份,单位,工单编号,诉求类型,区县,街道,不满意,未解决,登记日期,上月结转,承办人,审签人,状态,清零日期,清零方式');
  expect(lines[2]).toBe('2026-03,U-A,A2,water-outage,D1,s1,,是,2026-03-05,,王办,l-U-A,已办结,,');
  expect(lines[3]).toBe('2026-03,U-A,A4,water-outage,D1,s1,是,是,2026-03-06,,王办,l-U-A,已办结,2026-03-10,复访满意并解决');
  expect(lines).toHaveLength(4);
});

test('the register holds no citizen phone number or name', async () => {
  const text = JSON.stringify(await clearanceRegister(db, { month: '2026-03' }));
  for (const secret of ['13912345678', '张三', '13600000010', '王五']) expect(text).not.toContain(secret);
});
