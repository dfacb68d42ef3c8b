// Monthly ranking over three months (January–March 2026) with the seed-002 consequences of last
// place: streets among streets, departments among the 15 with the most tickets; streaks of one, two
// and three months. Score = satisfaction rate only, so every figure below is checked by hand.
import { loadCatalog } from '../../config/catalog-source';
import type { LedgerDb } from '../../ledger/db';
import { BOM, rankingCsv } from '../../ledger/csv';
import { catalogUnitGroups, MonthlyRanking, rankUnits, RankingOptions } from '../../ledger/ranking';
import { recordTicket } from '../../ledger/recorder';
import { openTestLedger } from '../setup/ledger';
import { Story } from './ledger-story';

let db: LedgerDb;
const options: RankingOptions = { groupOf: (u) => (u.startsWith('S-') ? 'street' : 'department') };
const weights = { satisfaction: 1 };

/** A ticket of `unit` dispatched on `day`, closed satisfied (true) or unsatisfied (false, 不合理诉求办结). */
function ticket(id: string, unit: string, day: string, satisfied: boolean): Story {
  const s = new Story({ id, at: `${day}T08:00` })
    .dispatch(unit, `${day}T09:00`)
    .sign(`${day}T09:10`)
    .handle({ first: `${day}T09:20`, final: `${day}T10:00`, reply: `${day}T10:30`, approve: `${day}T11:00` });
  return satisfied
    ? s.followUp('satisfied', true, `${day}T15:00`)
    : s.followUp('unsatisfied', false, `${day}T15:00`).closeNonCompliant(`${day}T16:00`);
}

const T = true;
const F = false;
const plan: Record<string, Record<string, boolean[]>> = {
  // Jan: last street S-2 (0%); last department D-02 (0%).
  '2026-01-12': { 'S-1': [T], 'S-2': [F], 'S-3': [T, F], 'D-01': [T, T], 'D-02': [F], 'D-03': [T] },
  // Feb: last street S-2 again; last department D-03 (0%).
  '2026-02-03': { 'S-1': [T], 'S-2': [F], 'S-3': [T], 'D-01': [T], 'D-02': [T, F], 'D-03': [F] },
  // Mar: S-2 last a third time. Fifteen departments with two tickets; D-03 is the last of them (50%).
  // D-16 (0%, one ticket) is worse but 16th by volume: outside the 15, so not flagged.
  '2026-03-16': {
    'S-1': [T],
    'S-2': [F],
    'S-3': [F, T],
    ...Object.fromEntries(
      Array.from({ length: 15 }, (_, i) => `D-${String(i + 1).padStart(2, '0')}`).map((u) => [u, u === 'D-03' ? [F, T] : [T, T]]),
    ),
    'D-16': [F],
  },
};

beforeAll(async () => {
  db = await openTestLedger();
  for (const [day, units] of Object.entries(plan)) {
    for (const [unit, results] of Object.entries(units)) {
      for (const [i, ok] of results.entries()) await recordTicket(db, ticket(`${day}-${unit}-${i}`, unit, day, ok).state);
    }
  }
});
afterAll(() => db?.close());

const pick = (r: MonthlyRanking, unit: string) => {
  const u = r.units.find((x) => x.unit === unit)!;
  const { stats: _s, ...rest } = u;
  return rest;
};

test('March: order, scores, group ranks, volume ranks and the consequences of last place', async () => {
  const r = await rankUnits(db, '2026-03', weights, options);
  expect(r).toMatchObject({ month: '2026-03', from: '2026-03-01', to: '2026-03-31', weights });
  // 100%: fourteen departments with two tickets (by code), then S-1 with one; 50%: D-03 and S-3,
  // two tickets each (by code); 0%: D-16 and S-2, one ticket each (by code).
  const others = ['D-01', 'D-02', ...Array.from({ length: 12 }, (_, i) => `D-${String(i + 4).padStart(2, '0')}`)];
  expect(r.units.map((u) => u.unit)).toEqual([...others, 'S-1', 'D-03', 'S-3', 'D-16', 'S-2']);
  expect(r.units.map((u) => u.rank)).toEqual(Array.from({ length: 19 }, (_, i) => i + 1));

  expect(pick(r, 'S-2')).toEqual({
    unit: 'S-2',
    group: 'street',
    received: 1,
    score: 0,
    rank: 19,
    groupRank: 3,
    volumeRank: null,
    topVolumeRank: null,
    last: true,
    lastStreak: 3,
    measure: 'self_criticism',
  });
  expect(pick(r, 'D-03')).toEqual({
    unit: 'D-03',
    group: 'department',
    received: 2,
    score: 50,
    rank: 16,
    groupRank: 15,
    volumeRank: 3,
    topVolumeRank: 15,
    last: true,
    lastStreak: 2,
    measure: 'district_head_interview',
  });
  expect(pick(r, 'D-16')).toEqual({
    unit: 'D-16',
    group: 'department',
    received: 1,
    score: 0,
    rank: 18,
    groupRank: 16,
    volumeRank: 16,
    topVolumeRank: null,
    last: false,
    lastStreak: 0,
    measure: null,
  });
  expect(pick(r, 'S-1')).toMatchObject({ score: 100, rank: 15, groupRank: 1, last: false, measure: null });
  expect(pick(r, 'S-3')).toMatchObject({ score: 50, rank: 17, groupRank: 2, last: false });
  expect(pick(r, 'D-01')).toMatchObject({ score: 100, rank: 1, groupRank: 1, volumeRank: 1, topVolumeRank: 1 });
  expect(r.units.filter((u) => u.last).map((u) => u.unit)).toEqual(['D-03', 'S-2']);
  expect(r.units.find((u) => u.unit === 'S-3')!.stats).toMatchObject({ received: 2, followedUp: 2, satisfied: 1 });
});

test('February: S-2 second month running, D-03 first time; January: both first time', async () => {
  const feb = await rankUnits(db, '2026-02', weights, options);
  expect(feb.units.filter((u) => u.last).map((u) => [u.unit, u.score, u.lastStreak, u.measure])).toEqual([
    ['D-03', 0, 1, 'interview'],
    ['S-2', 0, 2, 'district_head_interview'],
  ]);
  expect(pick(feb, 'D-02')).toMatchObject({ score: 50, last: false, measure: null });
  const jan = await rankUnits(db, '2026-01', weights, options);
  expect(jan.units.filter((u) => u.last).map((u) => [u.unit, u.lastStreak, u.measure])).toEqual([
    ['D-02', 1, 'interview'],
    ['S-2', 1, 'interview'],
  ]);
  expect(jan.units.map((u) => [u.unit, u.score])).toEqual([
    ['D-01', 100], // two tickets
    ['D-03', 100],
    ['S-1', 100],
    ['S-3', 50],
    ['D-02', 0],
    ['S-2', 0],
  ]);
});

test('a month without tickets ranks nobody; a unit without a weighted rate is listed unranked', async () => {
  expect((await rankUnits(db, '2025-12', weights, options)).units).toEqual([]);
  // No rate weighted (or none with a value) → no score, no rank, never last.
  const r = await rankUnits(db, '2026-03', { satisfaction: 0 }, options);
  expect(r.units.every((u) => u.score === null && u.rank === null && !u.last)).toBe(true);
  expect(r.units.map((u) => u.unit)).toEqual([...r.units.map((u) => u.unit)].sort());
});

test('the demo catalog: street offices are streets, the rest departments', () => {
  const groupOf = catalogUnitGroups(loadCatalog());
  expect(groupOf('LJ-JB-BJ-OFFICE')).toBe('street');
  expect(groupOf('LJ-HOUSING')).toBe('department');
  expect(groupOf('UNKNOWN')).toBe('department');
});

test('ranking CSV: BOM, header, the measure spelled out', async () => {
  const csv = rankingCsv(await rankUnits(db, '2026-03', weights, options));
  expect(csv.startsWith(BOM)).toBe(true);
  const lines = csv.slice(1).split('\r\n');
  expect(lines[0]).toMatch(/^月份,名次,单位,类别,得分,类别内名次,受理量名次,前15名内名次,末位,连续末位月数,处理措施,受理量,/);
  expect(lines[19]).toMatch(/^2026-03,19,S-2,镇街,0,3,,,是,3,连续三个月末位：主要负责人在区政府常务会议上检讨，全区通报批评,1,/);
  expect(lines).toHaveLength(21);
});
