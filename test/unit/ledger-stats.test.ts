// Statistics on the embedded ledger (PGlite): the fixture month, every figure computed by hand in
// ledger-fixture-month.ts; the period follows Beijing dates of dispatch; CSV export of the report.
import type { LedgerDb } from '../../ledger/db';
import { BOM, unitStatsCsv } from '../../ledger/csv';
import { scoreOf } from '../../ledger/ranking';
import { unitStats } from '../../ledger/stats';
import {
  expectedHotline110,
  expectedHotlineEnterprise,
  expectedHotlineMarch,
  expectedReceivedBy,
  expectMarchReport,
  fixtureMonth,
  MARCH,
} from './ledger-fixture-month';
import { hotlineStats } from '../../ledger/hotline-stats';
import { openTestLedger } from '../setup/ledger';
import { recordStories } from './ledger-story';

let db: LedgerDb;

beforeAll(async () => {
  db = await openTestLedger();
  await recordStories(db, fixtureMonth());
});
afterAll(() => db?.close());

test('March: every count and rate per unit and in total, as computed by hand', async () => {
  expectMarchReport(await unitStats(db, MARCH));
});

test('the period is by Beijing date of dispatch to the unit: 03-01 00:10 counts, 04-01 00:30 does not', async () => {
  const first = await unitStats(db, { from: '2026-03-01', to: '2026-03-01' });
  expect(first.units.map((u) => [u.unit, u.received])).toEqual([['U-A', 1]]); // A7
  const april = await unitStats(db, { from: '2026-04-01', to: '2026-04-30' });
  expect(april.units.map((u) => [u.unit, u.received, u.signedOnTime])).toEqual([['U-A', 1, 1]]); // A8
  const feb = await unitStats(db, { from: '2026-02-01', to: '2026-02-28' });
  expect(feb.units.map((u) => [u.unit, u.received, u.signDue])).toEqual([['U-A', 1, 0]]); // A9
  // A ticket returned by U-A and closed by U-B counts in the period of each dispatch: 03-04 for both.
  const day = await unitStats(db, { from: '2026-03-04', to: '2026-03-04' });
  expect(day.units.map((u) => [u.unit, u.received, u.returned, u.closed])).toEqual([
    ['U-A', 1, 1, 0],
    ['U-B', 1, 0, 1],
  ]);
});

test('a unit filter lists requested units, with zeros for a unit without tickets', async () => {
  const r = await unitStats(db, { ...MARCH, units: ['U-B', 'U-Z'] });
  expect(r.units.map((u) => [u.unit, u.received])).toEqual([
    ['U-B', 4],
    ['U-Z', 0],
  ]);
  expect(r.units[1].rates.satisfaction).toBeNull();
  expect(r.total.received).toBe(4);
});

test.each(Object.keys(expectedReceivedBy))('cut by a dimension (%s): only those tickets, by hand', async (cut) => {
  const [key, value] = cut.split('=');
  const r = await unitStats(db, { ...MARCH, [key]: value });
  expect(r.units.map((u) => [u.unit, u.received])).toEqual(expectedReceivedBy[cut]);
  expect(r.total.received).toBe(expectedReceivedBy[cut].reduce((n, [, k]) => n + k, 0));
});

test("the hotline's own figures (the dispatch desk), by registration date, as computed by hand", async () => {
  expect(await hotlineStats(db, MARCH)).toEqual(expectedHotlineMarch);
  expect(await hotlineStats(db, { ...MARCH, channel: 'police_110' })).toMatchObject(expectedHotline110);
  expect(await hotlineStats(db, { ...MARCH, citizenKind: 'enterprise' })).toMatchObject(expectedHotlineEnterprise);
  // 03-31 23:00 Beijing (15:00 UTC) is March; 04-01 00:20 Beijing (03-31 16:20 UTC) is April.
  expect(await hotlineStats(db, { from: '2026-03-31', to: '2026-03-31' })).toMatchObject({
    registered: 1,
    dispatchDue: 0,
    rates: { onTimeDispatch: null },
  });
  expect(await hotlineStats(db, { from: '2026-04-01', to: '2026-04-30' })).toMatchObject({ registered: 1, dispatchedOnTime: 1 });
});

test('bad periods are refused', async () => {
  await expect(unitStats(db, { from: '2026-02-30', to: '2026-03-01' })).rejects.toThrow(/real date/);
  await expect(unitStats(db, { from: '2026-03-02', to: '2026-03-01' })).rejects.toThrow(/after/);
});

test('score: weighted mean of rates, lower-is-better rates as 1 − rate, rates without a value skipped', async () => {
  const r = await unitStats(db, MARCH);
  const ua = r.units.find((u) => u.unit === 'U-A')!;
  // satisfaction 1 (weight 3), return 1/7 → 6/7 (weight 1): 100 × (3 + 6/7) / 4 = 96.4286
  expect(scoreOf(ua, { satisfaction: 3, return: 1 })).toBe(96.4286);
  const empty = (await unitStats(db, { ...MARCH, units: ['U-Z'] })).units[0];
  expect(scoreOf(empty, { satisfaction: 1 })).toBeNull();
});

test('CSV of the report: BOM, Chinese header, one row per unit and a total row', async () => {
  const csv = unitStatsCsv(await unitStats(db, MARCH));
  expect(csv.startsWith(BOM)).toBe(true);
  const lines = csv.slice(1).split('\r\n');
  expect(lines[0]).toBe(
    '单位,起始日期,截止日期,受理量,已签收,应签收,及时签收,应首次联系,及时响应,回退,改派,承办,已答复,应答复,按时答复,办结,一次办结,已回访,满意,已解决,重办,超期,无法联系,免回访,' +
      '及时签收率,响应率,回退率,按时办结率,办结率,满意率,解决率,一次办结率,重办率',
  );
  expect(lines[2]).toBe(
    'U-A,2026-03-01,2026-03-31,7,5,5,4,5,3,1,1,5,4,4,3,4,3,3,3,2,1,1,1,0,80.00%,60.00%,14.29%,75.00%,80.00%,100.00%,66.67%,75.00%,25.00%',
  );
  expect(lines[4]).toMatch(/^合计,2026-03-01,2026-03-31,13,/);
  expect(lines.length).toBe(6); // header, 3 units, total, '' after the final CRLF
  expect(lines[5]).toBe('');
});
