// CSV for spreadsheets: UTF-8 with a byte-order mark (so Excel opens Chinese text correctly),
// CRLF line ends, RFC 4180 quoting. Text cells that a spreadsheet would run as a formula
// (starting with = + - @ or a tab/CR) are prefixed with an apostrophe; numbers (and signed
// percentages) are written as they are.
import { ticketStatuses, type TicketStatus } from '../domain/ticket/model';
import { type ClearanceEntry, ClearanceRegister, clearedByLabels } from './clearance';
import type { Dimensions } from './dimensions';
import { hotlineCountKeys, hotlineCountLabels, hotlineRateDefinitions, hotlineRateKeys, HotlineReport } from './hotline-stats';
import type { Hotspots } from './hotspots';
import { measureLabels, MonthlyRanking, type PeriodRanking } from './ranking';
import { countKeys, countLabels, rateDefinitions, rateKeys, UnitStats, UnitStatsReport } from './stats';

export const BOM = '\uFEFF';
export type Cell = string | number | boolean | null | undefined;
/** A signed number or percentage ("-50.00%"): safe, and must stay a number in the sheet. */
const NUMERIC = /^[+-]?\d+(\.\d+)?%?$/;

export function csvCell(v: Cell): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  let s = typeof v === 'boolean' ? (v ? 'true' : 'false') : v;
  if (/^[=+\-@\t\r]/.test(s) && !NUMERIC.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(header: string[], rows: Cell[][]): string {
  return BOM + [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/** A rate as a percentage with two decimals ("95.24%"), empty when undefined. */
export const percent = (r: number | null): string => (r === null ? '' : `${(r * 100).toFixed(2)}%`);

const statsHeader = [...countKeys.map((k) => countLabels[k]), ...rateKeys.map((k) => rateDefinitions[k].label)];
const statsCells = (s: UnitStats): Cell[] => [...countKeys.map((k) => s[k]), ...rateKeys.map((k) => percent(s.rates[k]))];

/** One row per unit and a last row 合计 (all units). */
export function unitStatsCsv(report: UnitStatsReport): string {
  return toCsv(
    ['单位', '起始日期', '截止日期', ...statsHeader],
    [...report.units, report.total].map((s) => [s.unit === '*' ? '合计' : s.unit, report.from, report.to, ...statsCells(s)]),
  );
}

/** The hotline's own figures: one row, with the cut it was taken in (empty: every ticket). */
export function hotlineCsv(r: HotlineReport, cut: Dimensions = {}): string {
  return toCsv(
    [
      '起始日期',
      '截止日期',
      '诉求类型',
      '诉求人类别',
      '渠道',
      ...hotlineCountKeys.map((k) => hotlineCountLabels[k]),
      ...hotlineRateKeys.map((k) => hotlineRateDefinitions[k].label),
    ],
    [
      [
        r.from,
        r.to,
        cut.requestType,
        cut.citizenKind,
        cut.channel,
        ...hotlineCountKeys.map((k) => r[k]),
        ...hotlineRateKeys.map((k) => percent(r.rates[k])),
      ],
    ],
  );
}

export function rankingCsv(r: MonthlyRanking): string {
  return toCsv(
    ['月份', '名次', '单位', '类别', '得分', '类别内名次', '受理量名次', '前15名内名次', '末位', '连续末位月数', '处理措施', ...statsHeader],
    r.units.map((u) => [
      r.month,
      u.rank,
      u.unit,
      u.group === 'street' ? '镇街' : '部门',
      u.score,
      u.groupRank,
      u.volumeRank,
      u.topVolumeRank,
      u.last ? '是' : '',
      u.lastStreak || '',
      u.measure ? measureLabels[u.measure] : '',
      ...statsCells(u.stats),
    ]),
  );
}

export function hotspotsCsv(h: Hotspots): string {
  const section = (name: string, rows: Hotspots['categories']): Cell[][] =>
    rows.map((r, i) => [h.month, name, i + 1, r.key, r.tickets, r.requesters, r.previous, r.change, percent(r.changeRate)]);
  return toCsv(
    ['月份', '维度', '名次', '项目', '工单数', '诉求人数', '上月工单数', '环比变化', '环比变化率'],
    [...section('诉求类型', h.categories), ...section('区县', h.districts), ...section('街道', h.streets)],
  );
}

/** 动态清零台账: one row per entry (a unit's unresolved or unsatisfied ticket open during the month). */
export function clearanceCsv(r: ClearanceRegister): string {
  return clearanceCsvHead() + clearanceCsvLines(r.month, r.entries);
}

/** The export's start (BOM and header line): the streamed export writes it first, then batches of lines. */
export const clearanceCsvHead = (): string => toCsv(clearanceHeader, []);

/** Entries as CSV lines, each ending with CRLF (as toCsv ends its rows). */
export const clearanceCsvLines = (month: string, entries: ClearanceEntry[]): string =>
  entries.map((e) => clearanceRow(month, e).map(csvCell).join(',') + '\r\n').join('');

const clearanceHeader = [
  '月份',
  '单位',
  '工单编号',
  '诉求类型',
  '区县',
  '街道',
  '不满意',
  '未解决',
  '登记日期',
  '上月结转',
  '承办人',
  '审签人',
  '状态',
  '清零日期',
  '清零方式',
];

const clearanceRow = (month: string, e: ClearanceEntry): Cell[] => [
  month,
  e.unit,
  e.ticketId,
  e.category,
  e.district,
  e.street,
  e.unsatisfied ? '是' : '',
  e.unresolved ? '是' : '',
  e.enteredOn,
  e.carriedOver ? '是' : '',
  e.handlerName,
  e.signedOffBy,
  ticketStatuses[e.status as TicketStatus] ?? e.status,
  e.clearedOn,
  e.clearedBy ? clearedByLabels[e.clearedBy] : '',
];

/** A bulletin's table (周专报, 旬通报): the period's ranking with every unit's figures. */
export function bulletinCsv(period: { from: string; to: string }, units: PeriodRanking[], nameOf: (unit: string) => string): string {
  return toCsv(
    ['起始日期', '截止日期', '名次', '单位', '单位名称', '类别', '得分', '类别内名次', ...statsHeader],
    units.map((u) => [
      period.from,
      period.to,
      u.rank,
      u.unit,
      nameOf(u.unit),
      u.group === 'street' ? '镇街' : '部门',
      u.score,
      u.groupRank,
      ...statsCells(u.stats),
    ]),
  );
}
