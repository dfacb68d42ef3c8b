// The hotline's own figures for a period: what the dispatch desk (派单组) is judged on, not the units.
//
// Unit of count: a TICKET (ticket_summaries), in the period containing the Beijing date of its
// registration (受理), so every figure of a period describes the same tickets (a cohort). The
// dispatch figures judge the ticket's FIRST dispatch (ticket_assignments, dispatch_no = 1).
//
// Like the units' deadline figures, on-time dispatch counts a ticket once its outcome is known:
// dispatched, or the dispatch deadline passed undispatched (the workflow marked it dispatchOverdue).
// Exact formulas: `hotlineCountSql` and `hotlineRateDefinitions` below, and docs/STATISTICS.md.
import type { Channel } from '../domain/ticket';
import { aggregatedHotlineCounts } from './aggregate-read';
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
  /** Dispatched, and the first unit kept it: neither returned it nor had it moved away (转办, 定责). */
  firstDispatchKept: number;
  /** From an online channel (网上诉求), not merged into another ticket (it is answered there). */
  onlineReceived: number;
  /** Online, and answered: a reply signed off (审签) at least once, or answered at intake (咨询直答, 超出职责范围). */
  onlineReplied: number;
  /** Transferred by 110 (非紧急类诉求), counted apart (seed 000). */
  police110Received: number;
  /** From 110 and ended (办结, any way). */
  police110Closed: number;
}

export type HotlineCountKey = keyof HotlineCounts;
export type HotlineRateKey = 'onTimeDispatch' | 'firstDispatchAccuracy' | 'onlineReply' | 'police110Completion';

/** The channels of 网上诉求 (seed 000 网上平台, 人民网领导留言板): written, answered in writing. */
export const onlineChannels: readonly Channel[] = ['web', 'wechat', 'miniprogram', 'mayor_mailbox', 'leader_board'];

export const hotlineCountLabels: Record<HotlineCountKey, string> = {
  registered: '受理量',
  dispatched: '已派单',
  dispatchDue: '应派单',
  dispatchedOnTime: '按时派单',
  firstDispatchKept: '一次转办准确',
  onlineReceived: '网上诉求',
  onlineReplied: '网上诉求已回复',
  police110Received: '110转来',
  police110Closed: '110转来已办结',
};
export const hotlineCountKeys = Object.keys(hotlineCountLabels) as HotlineCountKey[];

export const hotlineRateDefinitions: Record<HotlineRateKey, { label: string; numerator: HotlineCountKey; denominator: HotlineCountKey }> = {
  onTimeDispatch: { label: '按时派单率', numerator: 'dispatchedOnTime', denominator: 'dispatchDue' },
  firstDispatchAccuracy: { label: '一次转办准确率', numerator: 'firstDispatchKept', denominator: 'dispatched' },
  onlineReply: { label: '网上诉求回复率', numerator: 'onlineReplied', denominator: 'onlineReceived' },
  police110Completion: { label: '110转来诉求办结率', numerator: 'police110Closed', denominator: 'police110Received' },
};
export const hotlineRateKeys = Object.keys(hotlineRateDefinitions) as HotlineRateKey[];

export interface HotlineReport extends Period, HotlineCounts {
  rates: Record<HotlineRateKey, number | null>;
}

const online = `s.channel IN (${onlineChannels.map((c) => `'${c}'`).join(', ')}) AND s.status <> 'merged'`;
const replied = `(s.status IN ('answered', 'out_of_scope') OR EXISTS (
  SELECT 1 FROM ticket_events e WHERE e.ticket_id = s.id AND e.action = 'approveReply' AND NOT e.rejected))`;

/** SQL of each count over ticket_summaries `s` LEFT JOIN the first assignment `a`. */
export const hotlineCountSql: Record<HotlineCountKey, string> = {
  registered: 'count(*)',
  dispatched: 'count(a.dispatched_at)',
  dispatchDue: 'count(*) FILTER (WHERE a.dispatched_at IS NOT NULL OR s.dispatch_overdue)',
  dispatchedOnTime: 'count(*) FILTER (WHERE a.dispatched_at <= s.dispatch_by)',
  firstDispatchKept: 'count(*) FILTER (WHERE a.dispatched_at IS NOT NULL AND a.ended IS NULL)',
  onlineReceived: `count(*) FILTER (WHERE ${online})`,
  onlineReplied: `count(*) FILTER (WHERE ${online} AND ${replied})`,
  police110Received: "count(*) FILTER (WHERE s.channel = 'police_110')",
  police110Closed: "count(*) FILTER (WHERE s.channel = 'police_110' AND s.closed_at IS NOT NULL)",
};

/** The dispatch desk's figures for tickets registered on Beijing dates from..to, in one cut of the dimensions. */
export async function hotlineStats(db: Queryable, q: Period & Dimensions): Promise<HotlineReport> {
  const { from, to } = assertPeriod(q);
  return reportOf(from, to, await aggregatedHotlineCounts(db, q));
}

/** The same figures computed from the raw rows: the reference the aggregates must equal. */
export async function hotlineStatsFromRaw(db: Queryable, q: Period & Dimensions): Promise<HotlineReport> {
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
  return reportOf(from, to, counts);
}

function reportOf(from: string, to: string, counts: HotlineCounts): HotlineReport {
  const rates = Object.fromEntries(
    hotlineRateKeys.map((k) => {
      const d = hotlineRateDefinitions[k];
      return [k, counts[d.denominator] === 0 ? null : counts[d.numerator] / counts[d.denominator]];
    }),
  ) as HotlineReport['rates'];
  return { from, to, ...counts, rates };
}
