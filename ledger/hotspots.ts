// Monthly hotspots (热点分析, 未诉先办, seeds 001/003/004): the most frequent categories, districts and
// streets of the month with the change from the month before, and the clusters of 多人一诉.
// A ticket counts in the month of its registration (受理) date, Beijing time; tickets merged into
// another (合并派单) are not counted again: their citizens count on the ticket they joined.
import type { Queryable } from './db';
import { monthBefore, monthPeriod } from './period';

export interface HotspotRow {
  /** Category code, district code, or 'district/street'. */
  key: string;
  district?: string;
  street?: string;
  tickets: number;
  /** Citizens on those tickets (多人一诉 counts each). */
  requesters: number;
  previous: number;
  /** tickets − previous. */
  change: number;
  /** change / previous; null when there were none the month before. */
  changeRate: number | null;
}

export interface RequesterCluster {
  id: string;
  category: string;
  district: string;
  street: string | null;
  requesters: number;
  status: string;
}

export interface LocationCluster {
  category: string;
  district: string;
  street: string;
  tickets: number;
  requesters: number;
  ids: string[];
}

export interface Hotspots {
  month: string;
  previousMonth: string;
  tickets: number;
  requesters: number;
  categories: HotspotRow[];
  districts: HotspotRow[];
  streets: HotspotRow[];
  clusters: {
    /** Single tickets with at least `minRequesters` citizens. */
    manyRequesters: RequesterCluster[];
    /** At least `minTickets` tickets of one category in one street in the month. */
    sameCategoryStreet: LocationCluster[];
  };
}

export interface HotspotOptions {
  top?: number;
  minRequesters?: number;
  minTickets?: number;
}

interface GroupRow {
  current: boolean;
  category: string;
  district: string;
  street: string | null;
  tickets: number;
  requesters: number;
  ids: string[];
}

const byCode = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function tally(rows: GroupRow[], keyOf: (r: GroupRow) => string | undefined, top: number, split = false): HotspotRow[] {
  const acc = new Map<string, HotspotRow>();
  for (const r of rows) {
    const key = keyOf(r);
    if (key === undefined) continue;
    const row = acc.get(key) ?? {
      key,
      ...(split ? { district: r.district, street: r.street ?? undefined } : {}),
      tickets: 0,
      requesters: 0,
      previous: 0,
      change: 0,
      changeRate: null,
    };
    if (r.current) {
      row.tickets += r.tickets;
      row.requesters += r.requesters;
    } else row.previous += r.tickets;
    acc.set(key, row);
  }
  return [...acc.values()]
    .filter((r) => r.tickets > 0)
    .map((r) => ({ ...r, change: r.tickets - r.previous, changeRate: r.previous ? (r.tickets - r.previous) / r.previous : null }))
    .sort((a, b) => b.tickets - a.tickets || b.requesters - a.requesters || byCode(a.key, b.key))
    .slice(0, top);
}

/** The month's hotspots, from the monthly aggregates per place (migration 011). */
export async function hotspots(db: Queryable, month: string, opts: HotspotOptions = {}): Promise<Hotspots> {
  const o = optionsOf(opts);
  const cur = monthPeriod(month);
  const prev = monthPeriod(monthBefore(month));
  // Only the current month's qualifying clusters carry their ids (sorted as the raw query sorts them).
  const rows = await db.query<GroupRow>(
    `SELECT month = $2::date AS current, category, district, NULLIF(street, '') AS street, tickets, requesters,
            CASE WHEN month = $2::date AND street <> '' AND tickets >= $3 THEN ARRAY(SELECT unnest(ids) ORDER BY 1) ELSE '{}' END AS ids
       FROM stats_place_month
      WHERE month IN ($1::date, $2::date) AND tickets > 0`,
    [prev.from, cur.from, o.minTickets],
  );
  return assemble(db, month, rows, o);
}

/** The same report computed from the raw rows (ticket_summaries): the reference the aggregates must equal. */
export async function hotspotsFromRaw(db: Queryable, month: string, opts: HotspotOptions = {}): Promise<Hotspots> {
  const o = optionsOf(opts);
  const cur = monthPeriod(month);
  const prev = monthPeriod(monthBefore(month));
  const rows = await db.query<GroupRow>(
    `SELECT registered_date >= $3::date AS current, category, district, street,
            count(*)::int AS tickets, sum(requesters)::int AS requesters, array_agg(id ORDER BY id) AS ids
       FROM ticket_summaries
      WHERE registered_date BETWEEN $1::date AND $2::date AND status <> 'merged'
      GROUP BY 1, category, district, street`,
    [prev.from, cur.to, cur.from],
  );
  return assemble(db, month, rows, o);
}

const optionsOf = (opts: HotspotOptions): Required<HotspotOptions> => ({
  top: opts.top ?? 10,
  minRequesters: opts.minRequesters ?? 5,
  minTickets: opts.minTickets ?? 5,
});

async function assemble(
  db: Queryable,
  month: string,
  rows: GroupRow[],
  { top, minRequesters, minTickets }: Required<HotspotOptions>,
): Promise<Hotspots> {
  const cur = monthPeriod(month);
  const previousMonth = monthBefore(month);
  const current = rows.filter((r) => r.current);
  // `requesters >= 2` lets the planner use the partial index of the tickets with several citizens.
  const many = await db.query<RequesterCluster>(
    `SELECT id, category, district, street, requesters, status
       FROM ticket_summaries
      WHERE registered_date BETWEEN $1::date AND $2::date AND status <> 'merged' AND requesters >= $3${minRequesters >= 2 ? ' AND requesters >= 2' : ''}
      ORDER BY requesters DESC, id`,
    [cur.from, cur.to, minRequesters],
  );
  return {
    month,
    previousMonth,
    tickets: current.reduce((n, r) => n + r.tickets, 0),
    requesters: current.reduce((n, r) => n + r.requesters, 0),
    categories: tally(rows, (r) => r.category, top),
    districts: tally(rows, (r) => r.district, top),
    streets: tally(rows, (r) => (r.street === null ? undefined : `${r.district}/${r.street}`), top, true),
    clusters: {
      manyRequesters: many,
      sameCategoryStreet: current
        .filter((r) => r.street !== null && r.tickets >= minTickets)
        .map((r) => ({ category: r.category, district: r.district, street: r.street!, tickets: r.tickets, requesters: r.requesters, ids: r.ids }))
        .sort((a, b) => b.tickets - a.tickets || byCode(`${a.category}/${a.district}/${a.street}`, `${b.category}/${b.district}/${b.street}`)),
    },
  };
}
