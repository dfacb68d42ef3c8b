// R17 吹哨 counted per street (seed 003 由街(镇)…"吹哨"提级): from the ledger's ticket events, one
// per whistle the ticket accepted (refused ones never reach the ledger as accepted events), by the
// unit whose person blew it — the street — and the Beijing date it happened.
import type { Queryable } from './db';
import { assertPeriod, Period } from './period';

export interface StreetWhistles {
  unit: string;
  whistles: number;
  /** Distinct tickets whistled. */
  tickets: number;
}

/** Per street, most whistles first; `units` narrows to those streets. */
export async function whistlesPerStreet(db: Queryable, q: Period & { units?: string[] }): Promise<StreetWhistles[]> {
  assertPeriod(q);
  const params: unknown[] = [`${q.from}T00:00:00+08:00`, `${q.to}T00:00:00+08:00`];
  const only = q.units ? `AND actor_unit = ANY($${params.push(q.units)})` : '';
  const rows = await db.query<{ unit: string; whistles: number; tickets: number }>(
    `SELECT actor_unit AS unit, count(*)::int AS whistles, count(DISTINCT ticket_id)::int AS tickets
       FROM ticket_events
      WHERE action = 'whistle' AND NOT rejected AND actor_unit IS NOT NULL
        AND at >= $1::timestamptz AND at < $2::timestamptz + interval '1 day' ${only}
      GROUP BY actor_unit ORDER BY whistles DESC, unit`,
    params,
  );
  return rows;
}
