// The pre-aggregated statistics tables (migration 011) as the code sees them: which counts each
// holds, under which column, and the SQL giving one ticket's contribution to them (or every
// ticket's, for a rebuild). The contribution SQL reuses the direct definitions (countSql,
// hotlineCountSql), so an aggregated figure is by construction the sum of the raw rows' figures.
import { HotlineCountKey, hotlineCountKeys, hotlineCountSql } from './hotline-stats';
import { CountKey, countKeys, countSql } from './stats';

export const snake = (k: string): string => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

// Functions, not constants: ledger/stats.ts and ledger/hotline-stats.ts read the aggregates through
// this module, so their definitions are only read once every module is loaded.
export const unitColumns = () => countKeys.map((k) => ({ key: k as CountKey, column: snake(k) }));
export const hotlineColumns = () => hotlineCountKeys.map((k) => ({ key: k as HotlineCountKey, column: snake(k) }));

/** The cut of a ticket: '' when its summary is missing (no cut matches it), 'unknown' request type when never asked. */
const cutOf = (s: string) => `CASE WHEN ${s}.id IS NULL THEN '' ELSE COALESCE(${s}.request_type, 'unknown') END AS request_type,
       COALESCE(${s}.citizen_kind, '') AS citizen_kind, COALESCE(${s}.channel, '') AS channel`;

/** Units' counts per Beijing day of dispatch × unit × cut; `$1` a ticket id, or every ticket when `all`. */
export const unitContributionSql = (all: boolean) => `
SELECT x.dispatched_date AS day, x.unit, x.request_type, x.citizen_kind, x.channel,
       ${unitColumns()
         .map((c) => `${countSql[c.key]}::int AS ${c.column}`)
         .join(',\n       ')}
  FROM (SELECT a.*, ${cutOf('s')}
          FROM ticket_assignments a LEFT JOIN ticket_summaries s ON s.id = a.ticket_id
         ${all ? '' : 'WHERE a.ticket_id = $1'}) x
 GROUP BY 1, 2, 3, 4, 5`;

/** The dispatch desk's counts per Beijing day of registration × cut. */
export const hotlineContributionSql = (all: boolean) => `
SELECT s.registered_date AS day, COALESCE(s.request_type, 'unknown') AS request_type, s.citizen_kind, s.channel,
       ${hotlineColumns()
         .map((c) => `${hotlineCountSql[c.key]}::int AS ${c.column}`)
         .join(',\n       ')}
  FROM ticket_summaries s
  LEFT JOIN ticket_assignments a ON a.ticket_id = s.id AND a.dispatch_no = 1
 ${all ? '' : 'WHERE s.id = $1'}
 GROUP BY 1, 2, 3, 4`;

/** Hotspots: tickets not merged away per month of registration × place. */
export const placeContributionSql = (all: boolean) => `
SELECT date_trunc('month', registered_date)::date AS month, category, district, COALESCE(street, '') AS street,
       count(*)::int AS tickets, sum(requesters)::int AS requesters, array_agg(id ORDER BY id) AS ids
  FROM ticket_summaries
 WHERE status <> 'merged'${all ? '' : ' AND id = $1'}
 GROUP BY 1, 2, 3, 4`;
