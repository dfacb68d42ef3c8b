// Bulletins (seed 001 周专报、旬通报): the period a run covers, worked out by hand for every case;
// the mail each unit gets over the fixture month's first 旬 (test/unit/ledger-fixture-month.ts).
import { renderBulletin } from '../../activities/bulletin';
import { loadCatalog } from '../../config/catalog-source';
import { bulletinPeriod, bulletinTitle } from '../../domain/bulletin';
import { BOM, bulletinCsv } from '../../ledger/csv';
import type { LedgerDb } from '../../ledger/db';
import { defaultRankingWeights, rankPeriod } from '../../ledger/ranking';
import { openTestLedger } from '../setup/ledger';
import { fixtureMonth } from './ledger-fixture-month';
import { bj, recordStories } from './ledger-story';

describe('the period of a bulletin', () => {
  test.each([
    // weekly: the Monday–Sunday before the run's Beijing date
    ['weekly', '2026-03-09T08:00', '2026-03-02', '2026-03-08'], // a Monday morning
    ['weekly', '2026-03-15T23:59', '2026-03-02', '2026-03-08'], // the Sunday after: still the week before
    ['weekly', '2026-03-02T00:30', '2026-02-23', '2026-03-01'], // 00:30 Beijing is Sunday 16:30 UTC
    ['weekly', '2026-01-01T08:00', '2025-12-22', '2025-12-28'], // across the year
    // dekad (旬): 1st–10th, 11th–20th, 21st–month end
    ['dekad', '2026-03-11T08:00', '2026-03-01', '2026-03-10'],
    ['dekad', '2026-03-21T08:00', '2026-03-11', '2026-03-20'],
    ['dekad', '2026-03-01T08:00', '2026-02-21', '2026-02-28'],
    ['dekad', '2028-03-01T08:00', '2028-02-21', '2028-02-29'], // leap year
    ['dekad', '2026-01-01T08:00', '2025-12-21', '2025-12-31'],
    ['dekad', '2026-03-15T08:00', '2026-03-01', '2026-03-10'], // a late run still covers the last whole 旬
  ] as const)('%s at %s → %s..%s', (kind, at, from, to) => {
    expect(bulletinPeriod(kind, bj(at))).toEqual({ from, to });
  });

  test('titles in Chinese', () => {
    expect(bulletinTitle('weekly', { from: '2026-03-02', to: '2026-03-08' })).toBe('周专报（2026-03-02至2026-03-08）');
    expect(bulletinTitle('dekad', { from: '2026-03-11', to: '2026-03-20' })).toBe('旬通报（2026年3月中旬，2026-03-11至2026-03-20）');
  });
});

describe('the mail of the fixture month’s first 旬', () => {
  let db: LedgerDb;
  beforeAll(async () => {
    db = await openTestLedger();
    await recordStories(db, fixtureMonth());
  });
  afterAll(() => db?.close());
  const period = { from: '2026-03-01', to: '2026-03-10' };

  // 03-01..03-10: U-A's A1 A2 A3#1 A4 A5 A6#1 A7 (7, as all March); U-B's A3#2 A6#2 (2); no S-1.
  test('each unit its own row and the ranking; the desk the ranking alone', async () => {
    const ranking = await rankPeriod(db, period, defaultRankingWeights, {});
    expect(ranking.map((u) => [u.unit, u.received])).toEqual([
      ['U-B', 2],
      ['U-A', 7],
    ]);
    const catalog = loadCatalog();
    const ua = renderBulletin('dekad', period, ranking, catalog, 'U-A');
    expect(ua.subject).toBe('【12345热线】旬通报（2026年3月上旬，2026-03-01至2026-03-10） U-A');
    const a = ranking[1]!;
    expect(ua.text).toContain(
      `受理量 7 件；及时签收率 80.00%；响应率 60.00%；按时办结率 75.00%；办结率 80.00%；满意率 100.00%；解决率 66.67%；回退率 14.29%；综合得分 ${a.score!.toFixed(2)}，排名第2名（共2个单位）。`,
    );
    expect(ua.text).toContain('名次  单位  得分  响应率  办结率  满意率  受理量');
    expect(ua.text).toMatch(/\n2 {2}U-A {2}[\d.]+ {2}60\.00% {2}80\.00% {2}100\.00% {2}7 {2}← 本单位\n/);
    expect(ua.text).toMatch(/\n1 {2}U-B {2}100\.00 {2}100\.00% {2}100\.00% {2}100\.00% {2}2\n/);
    const desk = renderBulletin('dekad', period, ranking, catalog);
    expect(desk.subject).toBe('【12345热线】旬通报（2026年3月上旬，2026-03-01至2026-03-10）');
    expect(desk.text.startsWith('12345热线督办：')).toBe(true);
    expect(desk.text).not.toContain('本单位');

    const csv = bulletinCsv(period, ranking, (u) => u);
    const lines = csv.slice(BOM.length).trimEnd().split('\r\n');
    expect(lines[0]!.startsWith('起始日期,截止日期,名次,单位,单位名称,类别,得分,类别内名次,受理量,')).toBe(true);
    expect(lines.slice(1).map((l) => l.split(',').slice(0, 4).join(','))).toEqual(['2026-03-01,2026-03-10,1,U-B', '2026-03-01,2026-03-10,2,U-A']);
  });
});
