// Monthly ranking of handling units (月排名) and the consequences of last place (seed 002, Linyi Hedong):
//   "对当月排名末位的镇街和受理量前15名中排名末位的部门单位分管负责同志进行约谈 …
//    对连续两个月位于末位的 …，由区政府分管区长对主要负责人进行约谈。
//    对连续三个月排名末位的 …，主要负责人将在区政府常务会议上进行检讨，并给予单位全区通报批评。"
// So: streets (镇街) are ranked among all streets; departments (部门单位) are ranked among the
// `topVolume` (15) departments that received the most tickets, and only the last of THOSE is flagged.
// The score is a weighted mean of the unit's rates (statistics by dispatch date, ledger/stats.ts).
import type { Catalog } from '../domain/catalog';
import type { Queryable } from './db';
import { monthBefore, monthPeriod, type Period } from './period';
import { RateKey, rateDefinitions, rateKeys, UnitStats, unitStats } from './stats';

export type RankingWeights = Partial<Record<RateKey, number>>;

/** Default weights: the 三率 (response, on-time completion, satisfaction) count most. */
export const defaultRankingWeights: RankingWeights = {
  timelySign: 1,
  response: 2,
  return: 1,
  onTimeCompletion: 2,
  completion: 2,
  satisfaction: 3,
  solved: 2,
  firstTimeResolution: 1,
};

export type UnitGroup = 'street' | 'department';

export type Measure = 'interview' | 'district_head_interview' | 'self_criticism';
export const measureLabels: Record<Measure, string> = {
  interview: '约谈分管负责同志，主要负责同志向区政府写出书面检查',
  district_head_interview: '连续两个月末位：区政府分管区长约谈主要负责人',
  self_criticism: '连续三个月末位：主要负责人在区政府常务会议上检讨，全区通报批评',
};

export interface RankingOptions {
  /** Which units are streets (镇街); default: every unit is a department. See `catalogUnitGroups`. */
  groupOf?: (unit: string) => UnitGroup;
  /** Departments are judged among the N with the most tickets (seed 002: 15). */
  topVolume?: number;
  /** Where the units' figures come from: the aggregates (default), or the raw rows (the property test's reference). */
  source?: typeof unitStats;
}

export interface UnitRanking {
  unit: string;
  group: UnitGroup;
  received: number;
  /** 0–100: Σ weight × rate / Σ weight over the weighted rates that have a value ("lower is better"
   *  rates enter as 1 − rate); null when none has a value, and then the unit is not ranked. */
  score: number | null;
  /** Position among all scored units of the month (1 = best). */
  rank: number | null;
  /** Position among the scored units of its group. */
  groupRank: number | null;
  /** Departments: position by tickets received among departments (1 = most). */
  volumeRank: number | null;
  /** Departments in the top `topVolume` by tickets: position by score among them. */
  topVolumeRank: number | null;
  /** Last place under seed 002: last street, or last of the top-volume departments. */
  last: boolean;
  /** Months in a row ending with this one in last place (looks back two months: at most 3). */
  lastStreak: number;
  measure: Measure | null;
  stats: UnitStats;
}

export interface MonthlyRanking {
  month: string;
  from: string;
  to: string;
  weights: RankingWeights;
  /** Ranked units best first, then unscored units by code. */
  units: UnitRanking[];
}

/** Streets = the catalog's street offices and street-level units; everything else is a department. */
export function catalogUnitGroups(catalog: Catalog): (unit: string) => UnitGroup {
  const streets = new Set(catalog.units.filter((u) => u.kind === 'street_office' || u.level === 'street').map((u) => u.code));
  return (unit) => (streets.has(unit) ? 'street' : 'department');
}

export function scoreOf(s: UnitStats, weights: RankingWeights): number | null {
  let sum = 0;
  let total = 0;
  for (const k of rateKeys) {
    const w = weights[k] ?? 0;
    const r = s.rates[k];
    if (w <= 0 || r === null) continue;
    sum += w * (rateDefinitions[k].better === 'lower' ? 1 - r : r);
    total += w;
  }
  return total === 0 ? null : Math.round((sum / total) * 100 * 1e4) / 1e4;
}

const byCode = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
type Draft = Omit<UnitRanking, 'lastStreak' | 'measure'>;
/** A unit's place in the ranking of any period (a bulletin's week or 旬): no streak, no measure. */
export type PeriodRanking = Draft;

/** Best first: higher score, then more tickets, then unit code (a stable, explainable order). */
const byScore = (a: Draft, b: Draft) => b.score! - a.score! || b.received - a.received || byCode(a.unit, b.unit);

const rankMonth = (db: Queryable, month: string, weights: RankingWeights, opts: RankingOptions): Promise<Draft[]> =>
  rankPeriod(db, monthPeriod(month), weights, opts);

/** The units of a period ranked as a month's are: best first, then the unscored by code. */
export async function rankPeriod(db: Queryable, period: Period, weights: RankingWeights, opts: RankingOptions): Promise<PeriodRanking[]> {
  const groupOf = opts.groupOf ?? (() => 'department' as const);
  const topVolume = opts.topVolume ?? 15;
  const { units } = await (opts.source ?? unitStats)(db, period);
  const drafts: Draft[] = units
    .filter((s) => s.received > 0)
    .map((s) => ({
      unit: s.unit,
      group: groupOf(s.unit),
      received: s.received,
      score: scoreOf(s, weights),
      rank: null,
      groupRank: null,
      volumeRank: null,
      topVolumeRank: null,
      last: false,
      stats: s,
    }));
  const scored = drafts.filter((d) => d.score !== null).sort(byScore);
  scored.forEach((d, i) => (d.rank = i + 1));

  const streets = scored.filter((d) => d.group === 'street');
  streets.forEach((d, i) => (d.groupRank = i + 1));
  if (streets.length >= 2) streets[streets.length - 1].last = true;

  scored.filter((d) => d.group === 'department').forEach((d, i) => (d.groupRank = i + 1));
  const byVolume = drafts.filter((d) => d.group === 'department').sort((a, b) => b.received - a.received || byCode(a.unit, b.unit));
  byVolume.forEach((d, i) => (d.volumeRank = i + 1));
  const top = byVolume
    .slice(0, topVolume)
    .filter((d) => d.score !== null)
    .sort(byScore);
  top.forEach((d, i) => (d.topVolumeRank = i + 1));
  if (top.length >= 2) top[top.length - 1].last = true;

  return [...scored, ...drafts.filter((d) => d.score === null).sort((a, b) => byCode(a.unit, b.unit))];
}

/**
 * The ranking of `month` ('YYYY-MM'), with last-place streaks over the two months before it and the
 * measure each streak calls for.
 */
export async function rankUnits(
  db: Queryable,
  month: string,
  weights: RankingWeights = defaultRankingWeights,
  options: RankingOptions = {},
): Promise<MonthlyRanking> {
  const current = await rankMonth(db, month, weights, options);
  const lastOf = async (m: string) => new Set((await rankMonth(db, m, weights, options)).filter((d) => d.last).map((d) => d.unit));
  const before = [await lastOf(monthBefore(month, 1)), await lastOf(monthBefore(month, 2))];
  const units = current.map((d): UnitRanking => {
    let streak = 0;
    if (d.last) {
      streak = 1;
      for (const set of before) {
        if (!set.has(d.unit)) break;
        streak += 1;
      }
    }
    const measure: Measure | null = streak >= 3 ? 'self_criticism' : streak === 2 ? 'district_head_interview' : streak === 1 ? 'interview' : null;
    return { ...d, lastStreak: streak, measure };
  });
  return { month, ...monthPeriod(month), weights, units };
}
