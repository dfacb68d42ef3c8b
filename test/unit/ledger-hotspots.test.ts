// Monthly hotspots: top categories, districts and streets of June 2026 with the change from May,
// and the 多人一诉 clusters. Tickets count in the Beijing month of registration; merged ones once.
import type { LedgerDb } from '../../ledger/db';
import { BOM, hotspotsCsv } from '../../ledger/csv';
import { hotspots } from '../../ledger/hotspots';
import { recordTicket } from '../../ledger/recorder';
import { openTestLedger } from '../setup/ledger';
import { Story } from './ledger-story';

let db: LedgerDb;

const t = (id: string, at: string, category: string, district: string, street: string | null, phone = '13800000000') =>
  new Story({ id, at, category, district, street, citizen: { name: `市民${id}`, phone } });

beforeAll(async () => {
  db = await openTestLedger();
  const may = [
    t('M1', '2026-05-04T09:00', 'noise', 'D1', 's1'),
    t('M2', '2026-05-05T09:00', 'noise', 'D1', 's1'),
    t('M3', '2026-05-06T09:00', 'noise', 'D1', 's1'),
    t('M4', '2026-05-07T09:00', 'water', 'D1', 's2'),
    t('M5', '2026-05-08T09:00', 'road', 'D2', 's3'),
    t('M6', '2026-05-31T23:50', 'road', 'D2', 's3'), // = 05-31 15:50 UTC: May
  ];
  const j1 = t('J1', '2026-06-02T09:00', 'noise', 'D1', 's1');
  const june = [
    j1,
    t('J2', '2026-06-03T09:00', 'noise', 'D1', 's1'),
    t('J3', '2026-06-04T09:00', 'noise', 'D1', 's1'),
    t('J4', '2026-06-05T09:00', 'noise', 'D1', 's1'),
    t('J5', '2026-06-08T09:00', 'noise', 'D2', 's3'),
    t('J6', '2026-06-01T00:10', 'water', 'D1', 's2'), // = 05-31 16:10 UTC: June
    t('J7', '2026-06-09T09:00', 'water', 'D1', 's2'),
    t('J8', '2026-06-10T09:00', 'water', 'D2', null),
    t('J9', '2026-06-11T09:00', 'road', 'D2', 's3'),
    t('J10', '2026-06-12T09:00', 'heat', 'D3', 's4'),
    t('J11', '2026-06-15T09:00', 'heat', 'D3', 's4'),
  ];
  // Two more citizens about J1's matter: merged into it (多人一诉), not counted as tickets.
  const j12 = t('J12', '2026-06-02T10:00', 'noise', 'D1', 's1', '13800000012').mergeInto(j1, '2026-06-02T10:05');
  const j13 = t('J13', '2026-06-02T11:00', 'noise', 'D1', 's1', '13800000013').mergeInto(j1, '2026-06-02T11:05');
  const july = t('JUL', '2026-07-01T00:05', 'noise', 'D1', 's1'); // = 06-30 16:05 UTC: July
  for (const s of [...may, ...june, j12, j13, july]) await recordTicket(db, s.state);
});
afterAll(() => db?.close());

test('top categories, districts and streets with the change from the month before', async () => {
  const h = await hotspots(db, '2026-06', { minRequesters: 3, minTickets: 4 });
  expect(h).toMatchObject({ month: '2026-06', previousMonth: '2026-05', tickets: 11, requesters: 13 });
  expect(h.categories).toEqual([
    { key: 'noise', tickets: 5, requesters: 7, previous: 3, change: 2, changeRate: 2 / 3 },
    { key: 'water', tickets: 3, requesters: 3, previous: 1, change: 2, changeRate: 2 },
    { key: 'heat', tickets: 2, requesters: 2, previous: 0, change: 2, changeRate: null },
    { key: 'road', tickets: 1, requesters: 1, previous: 2, change: -1, changeRate: -0.5 },
  ]);
  expect(h.districts).toEqual([
    { key: 'D1', tickets: 6, requesters: 8, previous: 4, change: 2, changeRate: 0.5 },
    { key: 'D2', tickets: 3, requesters: 3, previous: 2, change: 1, changeRate: 0.5 },
    { key: 'D3', tickets: 2, requesters: 2, previous: 0, change: 2, changeRate: null },
  ]);
  // J8 has no street. Ties of two tickets and two citizens go by key.
  expect(h.streets).toEqual([
    { key: 'D1/s1', district: 'D1', street: 's1', tickets: 4, requesters: 6, previous: 3, change: 1, changeRate: 1 / 3 },
    { key: 'D1/s2', district: 'D1', street: 's2', tickets: 2, requesters: 2, previous: 1, change: 1, changeRate: 1 },
    { key: 'D2/s3', district: 'D2', street: 's3', tickets: 2, requesters: 2, previous: 2, change: 0, changeRate: 0 },
    { key: 'D3/s4', district: 'D3', street: 's4', tickets: 2, requesters: 2, previous: 0, change: 2, changeRate: null },
  ]);
});

test('clusters: a ticket with many citizens, many tickets of one category in one street', async () => {
  const h = await hotspots(db, '2026-06', { minRequesters: 3, minTickets: 4 });
  expect(h.clusters.manyRequesters).toEqual([{ id: 'J1', category: 'noise', district: 'D1', street: 's1', requesters: 3, status: 'registered' }]);
  expect(h.clusters.sameCategoryStreet).toEqual([
    { category: 'noise', district: 'D1', street: 's1', tickets: 4, requesters: 6, ids: ['J1', 'J2', 'J3', 'J4'] },
  ]);
  const loose = await hotspots(db, '2026-06', { minRequesters: 4, minTickets: 2 });
  expect(loose.clusters.manyRequesters).toEqual([]);
  expect(loose.clusters.sameCategoryStreet.map((c) => [c.category, c.district, c.street, c.tickets])).toEqual([
    ['noise', 'D1', 's1', 4],
    ['heat', 'D3', 's4', 2],
    ['water', 'D1', 's2', 2],
  ]);
});

test('top N, the previous month, the defaults', async () => {
  const h = await hotspots(db, '2026-06', { top: 2 });
  expect(h.categories.map((c) => c.key)).toEqual(['noise', 'water']);
  expect(h.streets.map((c) => c.key)).toEqual(['D1/s1', 'D1/s2']);
  expect(h.clusters).toEqual({ manyRequesters: [], sameCategoryStreet: [] }); // defaults: 5 citizens, 5 tickets
  const may = await hotspots(db, '2026-05');
  expect(may).toMatchObject({ tickets: 6, requesters: 6, previousMonth: '2026-04' });
  expect(may.categories.map((c) => [c.key, c.tickets, c.previous])).toEqual([
    ['noise', 3, 0],
    ['road', 2, 0],
    ['water', 1, 0],
  ]);
  expect((await hotspots(db, '2026-07')).tickets).toBe(1);
  await expect(hotspots(db, '2026-13')).rejects.toThrow(/YYYY-MM/);
});

test('hotspot CSV: BOM, header, one row per item of each dimension', async () => {
  const csv = hotspotsCsv(await hotspots(db, '2026-06'));
  expect(csv.startsWith(BOM)).toBe(true);
  const lines = csv.slice(1).split('\r\n');
  expect(lines[0]).toBe('月份,维度,名次,项目,工单数,诉求人数,上月工单数,环比变化,环比变化率');
  expect(lines[1]).toBe('2026-06,诉求类型,1,noise,5,7,3,2,66.67%');
  expect(lines[4]).toBe('2026-06,诉求类型,4,road,1,1,2,-1,-50.00%');
  expect(lines).toHaveLength(1 + 4 + 3 + 4 + 1);
});
