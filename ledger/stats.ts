// Per-unit statistics (三率 and friends) for a period of Beijing dates.
//
// Unit of count: an ASSIGNMENT, one dispatch of a ticket to a lead unit (派单, 转办, 定责, 会商定责,
// 直派; table ticket_assignments). A ticket returned by unit A and re-dispatched to unit B is one
// assignment of A (returned) and one of B. Co-handling units (协办) are not counted.
//
// Period: an assignment belongs to the period containing the Beijing date on which the ticket was
// dispatched TO THAT UNIT (a cohort). Numerator and denominator of every rate then describe the same
// tickets, and the figures of a past month stop moving once its tickets are done; the figures of a
// running month still move as its tickets progress (a ticket closed on 2 April counts for March if
// it was dispatched in March). Counting by event date instead would mix tickets of different months.
//
// Deadline-based rates count a ticket in the denominator once its outcome is known: done, or the
// deadline passed (the workflow's timer raised the alert). A unit cannot improve a rate by not
// signing or not replying. Exact formulas: `rateDefinitions` below and docs/STATISTICS.md.
//
// First-dispatch accuracy (一次转办准确率, seed 003) is not a unit's rate: whether the first unit was
// the right one is the dispatch desk's doing (ledger/hotline-stats.ts).
import { aggregatedUnitCounts } from './aggregate-read';
import type { Queryable } from './db';
import { Dimensions, ticketsOf } from './dimensions';
import { assertPeriod, Period } from './period';

export interface UnitCounts {
  /** Assignments: tickets dispatched to the unit in the period. */
  received: number;
  /** Signed for (签收). */
  signed: number;
  /** Signed, or the sign-for deadline passed unsigned. */
  signDue: number;
  /** Signed no later than the sign-for deadline. */
  signedOnTime: number;
  /** First contact made, or its deadline passed without one (first round of handling). */
  contactDue: number;
  /** First contact no later than its deadline. */
  respondedOnTime: number;
  /** Returned (回退) by the unit. */
  returned: number;
  /** Moved to another unit without a return (转办, 定责, 会商定责). */
  reassigned: number;
  /** Neither returned nor moved away: the unit's to handle to the end. */
  retained: number;
  /** With a reply (答复). */
  replied: number;
  /** Replied, or a reply deadline passed (overdue). */
  replyDue: number;
  /** Replied and never past a reply deadline (any round). */
  repliedOnTime: number;
  /** Retained and closed (办结, any closure kind). */
  closed: number;
  /** Closed without ever being sent back for re-handling while with this unit. */
  closedFirstTime: number;
  /** Closed after a follow-up answer (not unreachable, not exempt from follow-up). */
  followedUp: number;
  /** followedUp whose final round's worst answer is satisfied or basically satisfied. */
  satisfied: number;
  /** followedUp whose final round's answers all say resolved. */
  resolved: number;
  /** Sent back for re-handling (重办) at least once while with this unit. */
  rehandled: number;
  /** A reply deadline was breached (the overdue alert), or the reply came late. */
  overdue: number;
  /** Closed as unreachable (无法联系): counted apart, not in the satisfaction figures. */
  unreachable: number;
  /** Closed without a follow-up call (the citizen declined or already rated). */
  noFollowUp: number;
}

export type CountKey = keyof UnitCounts;
export type RateKey =
  'timelySign' | 'response' | 'return' | 'onTimeCompletion' | 'completion' | 'satisfaction' | 'solved' | 'firstTimeResolution' | 'rehandle';

export interface RateDefinition {
  label: string;
  numerator: CountKey;
  denominator: CountKey;
  /** 'lower' for rates where less is better (the ranking scores 1 − rate). */
  better: 'higher' | 'lower';
}

/** Every rate as numerator / denominator of UnitCounts; null when the denominator is 0. */
export const rateDefinitions: Record<RateKey, RateDefinition> = {
  timelySign: { label: '及时签收率', numerator: 'signedOnTime', denominator: 'signDue', better: 'higher' },
  response: { label: '响应率', numerator: 'respondedOnTime', denominator: 'contactDue', better: 'higher' },
  return: { label: '回退率', numerator: 'returned', denominator: 'received', better: 'lower' },
  onTimeCompletion: { label: '按时办结率', numerator: 'repliedOnTime', denominator: 'replyDue', better: 'higher' },
  completion: { label: '办结率', numerator: 'closed', denominator: 'retained', better: 'higher' },
  satisfaction: { label: '满意率', numerator: 'satisfied', denominator: 'followedUp', better: 'higher' },
  solved: { label: '解决率', numerator: 'resolved', denominator: 'followedUp', better: 'higher' },
  firstTimeResolution: { label: '一次办结率', numerator: 'closedFirstTime', denominator: 'closed', better: 'higher' },
  rehandle: { label: '重办率', numerator: 'rehandled', denominator: 'replied', better: 'lower' },
};
export const rateKeys = Object.keys(rateDefinitions) as RateKey[];

export const countLabels: Record<CountKey, string> = {
  received: '受理量',
  signed: '已签收',
  signDue: '应签收',
  signedOnTime: '及时签收',
  contactDue: '应首次联系',
  respondedOnTime: '及时响应',
  returned: '回退',
  reassigned: '改派',
  retained: '承办',
  replied: '已答复',
  replyDue: '应答复',
  repliedOnTime: '按时答复',
  closed: '办结',
  closedFirstTime: '一次办结',
  followedUp: '已回访',
  satisfied: '满意',
  resolved: '已解决',
  rehandled: '重办',
  overdue: '超期',
  unreachable: '无法联系',
  noFollowUp: '免回访',
};
export const countKeys = Object.keys(countLabels) as CountKey[];

export type Rates = Record<RateKey, number | null>;

export interface UnitStats extends UnitCounts {
  unit: string;
  rates: Rates;
}

export interface UnitStatsReport extends Period {
  units: UnitStats[];
  /** The same formulas over every assignment of the period (all units together). */
  total: UnitStats;
}

export function ratesOf(c: UnitCounts): Rates {
  const out = {} as Rates;
  for (const k of rateKeys) {
    const d = rateDefinitions[k];
    out[k] = c[d.denominator] === 0 ? null : c[d.numerator] / c[d.denominator];
  }
  return out;
}

const retained = 'ended IS NULL';
const closed = `${retained} AND closed_at IS NOT NULL`;
const followedUp = `${closed} AND satisfaction IS NOT NULL AND closure NOT IN ('unreachable', 'no_follow_up')`;

/** SQL of each count over ticket_assignments; every one an integer. */
export const countSql: Record<CountKey, string> = {
  received: 'count(*)',
  signed: 'count(signed_at)',
  signDue: 'count(*) FILTER (WHERE signed_at IS NOT NULL OR sign_overdue)',
  signedOnTime: 'count(*) FILTER (WHERE signed_at <= sign_by)',
  contactDue: 'count(*) FILTER (WHERE first_contact_at IS NOT NULL OR contact_overdue)',
  respondedOnTime: 'count(*) FILTER (WHERE first_contact_at <= first_contact_by)',
  returned: "count(*) FILTER (WHERE ended = 'returned')",
  reassigned: "count(*) FILTER (WHERE ended = 'reassigned')",
  retained: `count(*) FILTER (WHERE ${retained})`,
  replied: 'count(replied_at)',
  replyDue: 'count(*) FILTER (WHERE replied_at IS NOT NULL OR overdue)',
  repliedOnTime: 'count(*) FILTER (WHERE replied_at IS NOT NULL AND NOT overdue)',
  closed: `count(*) FILTER (WHERE ${closed})`,
  closedFirstTime: `count(*) FILTER (WHERE ${closed} AND rehandles_end = rehandles_start)`,
  followedUp: `count(*) FILTER (WHERE ${followedUp})`,
  satisfied: `count(*) FILTER (WHERE ${followedUp} AND satisfaction IN ('satisfied', 'basically_satisfied'))`,
  resolved: `count(*) FILTER (WHERE ${followedUp} AND resolved)`,
  rehandled: 'count(*) FILTER (WHERE rehandles_end > rehandles_start)',
  overdue: 'count(*) FILTER (WHERE overdue)',
  unreachable: `count(*) FILTER (WHERE ${retained} AND closure = 'unreachable')`,
  noFollowUp: `count(*) FILTER (WHERE ${retained} AND closure = 'no_follow_up')`,
};

const selectCounts = countKeys.map((k) => `${countSql[k]}::int AS "${k}"`).join(',\n       ');

function emptyCounts(): UnitCounts {
  return Object.fromEntries(countKeys.map((k) => [k, 0])) as unknown as UnitCounts;
}

const withRates = (unit: string, c: UnitCounts): UnitStats => ({ unit, ...c, rates: ratesOf(c) });

export interface StatsQuery extends Period, Dimensions {
  /** Only these units (default: every unit that received a ticket in the period). */
  units?: string[];
}

/** Figures per unit (sorted by unit code) and for all units together, for Beijing dates from..to. */
export async function unitStats(db: Queryable, q: StatsQuery): Promise<UnitStatsReport> {
  assertPeriod(q);
  return reportOf(q, await aggregatedUnitCounts(db, q));
}

/** The same figures computed from the raw rows (ticket_assignments): the reference the aggregates must equal. */
export async function unitStatsFromRaw(db: Queryable, q: StatsQuery): Promise<UnitStatsReport> {
  const { from, to } = assertPeriod(q);
  const params: unknown[] = [from, to];
  let filter = '';
  if (q.units) {
    params.push(q.units);
    filter = ' AND unit = ANY($3::text[])';
  }
  filter += ticketsOf(q, params);
  const rows = await db.query<UnitCounts & { unit: string | null }>(
    `SELECT unit, ${selectCounts}
       FROM ticket_assignments
      WHERE dispatched_date BETWEEN $1::date AND $2::date${filter}
      GROUP BY ROLLUP (unit)`,
    params,
  );
  return reportOf(q, rows);
}

function reportOf(q: StatsQuery, rows: (UnitCounts & { unit: string | null })[]): UnitStatsReport {
  const { from, to } = q;
  const units = rows
    .filter((r) => r.unit !== null)
    .map(({ unit, ...c }) => withRates(unit!, c))
    .sort((a, b) => (a.unit < b.unit ? -1 : a.unit > b.unit ? 1 : 0));
  const totalRow = rows.find((r) => r.unit === null);
  const { unit: _u, ...totalCounts } = totalRow ?? { unit: null, ...emptyCounts() };
  // Requested units with no ticket in the period are listed with zeros.
  for (const u of q.units ?? []) if (!units.some((s) => s.unit === u)) units.push(withRates(u, emptyCounts()));
  units.sort((a, b) => (a.unit < b.unit ? -1 : a.unit > b.unit ? 1 : 0));
  return { from, to, units, total: withRates('*', totalCounts as UnitCounts) };
}
