// The hotline's own figures for a period: what the dispatch desk (派单组) is judged on, not the units.
//
// Unit of count: a TICKET (ticket_summaries), in the period containing the Beijing date of its
// registration (受理), so every figure of a period describes the same tickets (a cohort). The
// dispatch figures judge the ticket's FIRST dispatch (ticket_assignments, dispatch_no = 1).
//
// Like the units' deadline figures, on-time dispatch counts a ticket once its outcome is known:
// dispatched, or the dispatch deadline passed undispatched (the workflow marked it dispatchOverdue).
// Exact formulas: `hotlineCountSql` and `hotlineRateDefinitions` below, and docs/STATISTICS.md.
import type { Queryable } from './db';
import { Dimensions, dimensionConditions } from './dimensions';
import { assertPeriod, Period } from './period';

export interface HotlineCounts {
  /** Tickets registered (受理) in the period, merged ones included. */
  registered: number;
  /** Dispatched to a unit at least once (派单, or the 15-minute 直派). */
  dispatched: number;
  /** Dispatched, or the dispatch deadline passed before the first dispatch (dispatchOverdue). */
  dispatchDue: number;
  /** First dispatch at or before the dispatch deadline. */
  dispatchedOnTime: number;
}

export type HotlineCountKey = keyof HotlineCounts;
export type HotlineRateKey = 'onTimeDispatch';

export const hotlineCountLabels: Record<HotlineCountKey, string> = {
  registered: '受理量',
  dispatched: '已派单',
  dispatchDue: '应派单',
  dispatchedOnTime: '按时派单',
};
export const hotlineCountKeys = Object.keys(hotlineCountLabels) as HotlineCountKey[];

export const hotlineRateDefinitions: Record<HotlineRateKey, { label: string; numerator: HotlineCountKey; denominator: HotlineCountKey }> = {
  onTimeDispatch: { label: '按时派单率', numerator: 'dispatchedOnTime', denominator: 'dispatchDue' },
};
export const hotlineRateKeys = Object.keys(hotlineRateDefinitions) as HotlineRateKey[];

export interface HotlineReport extends Period, HotlineCounts {
  rates: Record<HotlineRateKey, number | null>;
}

/** SQL of each count over ticket_summaries `s` LEFT JOIN the first assignment `a`. */
const hotlineCountSql: Record<HotlineCountKey, string> = {
  registered: 'count(*)',
  dispatched: 'count(a.dispatched_at)',
  dispatchDue: 'count(*) FILTER (WHERE a.dispatched_at IS NOT NULL OR s.dispatch_overdue)',
  dispatchedOnTime: 'count(*) FILTER (WHERE a.dispatched_at <= s.dispatch_by)',
};

/** The dispatch desk's figures for tickets registered on Beijing dates from..to, in one cut of the dimensions. */
export async function hotlineStats(db: Queryable, q: Period & Dimensions): Promise<HotlineReport> {
  const { from, to } = assertPeriod(q);
  const params: unknown[] = [from, to];
  const where = ['s.registered_date BETWEEN $1::date AND $2::date', ...dimensionConditions(q, params)];
  const [counts] = await db.query<HotlineCounts>(
    `SELECT ${hotlineCountKeys.map((k) => `${hotlineCountSql[k]}::int AS "${k}"`).join(',\n       ')}
       FROM ticket_summaries s
       LEFT JOIN ticket_assignments a ON a.ticket_id = s.id AND a.dispatch_no = 1
      WHERE ${where.join(' AND ')}`,
    params,
  );
  const rates = Object.fromEntries(
    hotlineRateKeys.map((k) => {
      const d = hotlineRateDefinitions[k];
      return [k, counts[d.denominator] === 0 ? null : counts[d.numerator] / counts[d.denominator]];
    }),
  ) as HotlineReport['rates'];
  return { from, to, ...counts, rates };
}
