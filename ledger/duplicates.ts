// The candidates for the intake preview's probable duplicates: open tickets of one category and
// district registered since a given instant, latest first, from the ledger's summaries (the
// description there has citizens' phones removed).
import type { DuplicateCandidate } from '../domain/knowledge/duplicates';
import type { Queryable } from './db';

/** Enough for any real day of one category in one district; the scoring runs over these in memory. */
export const MAX_CANDIDATES = 500;

export async function openTicketsLike(
  db: Queryable,
  q: { category: string; district: string; since: Date; excludeId?: string },
): Promise<(DuplicateCandidate & { status: string; street?: string })[]> {
  const rows = await db.query<{
    id: string;
    status: string;
    street: string | null;
    registeredAt: Date;
    description: string | null;
    address: string | null;
  }>(
    `SELECT id, status, street, registered_at AS "registeredAt", state ->> 'description' AS description,
            state -> 'location' ->> 'address' AS address
       FROM ticket_summaries
      WHERE category = $1 AND district = $2 AND registered_at >= $3 AND ($4::text IS NULL OR id <> $4)
        AND status NOT IN ('closed', 'answered', 'out_of_scope', 'handed_off', 'merged', 'transferred_out')
      ORDER BY registered_at DESC LIMIT ${MAX_CANDIDATES}`,
    [q.category, q.district, q.since, q.excludeId ?? null],
  );
  return rows.map((r) => ({
    id: r.id,
    status: r.status,
    description: r.description ?? '',
    registeredAt: r.registeredAt.toISOString(),
    ...(r.street ? { street: r.street } : {}),
    ...(r.address ? { address: r.address } : {}),
  }));
}
