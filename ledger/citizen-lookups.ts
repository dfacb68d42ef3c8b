// 进度查询's wrong tries per ticket: five within an hour lock that ticket's lookup for an hour. In
// the ledger, so neither a restart nor a second API process forgives them.
import type { Queryable } from './db';

export const MAX_WRONG_TRIES = 5;
export const LOCK_MS = 3_600_000;

/** When the ticket's lookup is locked until (ms), or undefined when it is not locked at `now`. */
export async function lookupLockedUntil(db: Queryable, ticketId: string, now: Date): Promise<number | undefined> {
  const rows = await db.query<{ lockedUntil: Date | null }>(
    'SELECT locked_until AS "lockedUntil" FROM citizen_lookup_failures WHERE ticket_id = $1',
    [ticketId],
  );
  const until = rows[0]?.lockedUntil?.getTime();
  return until !== undefined && until > now.getTime() ? until : undefined;
}

/**
 * Counts a wrong try (atomically: two tries at once both count). Tries older than the window, or
 * from before an expired lock, start the count again. Resolves to the tries left (0: now locked).
 */
export async function recordWrongTry(db: Queryable, ticketId: string, now: Date): Promise<number> {
  const at = now.toISOString();
  const [{ failures }] = await db.query<{ failures: number }>(
    `INSERT INTO citizen_lookup_failures AS f (ticket_id, failures, first_at) VALUES ($1, 1, $2::timestamptz)
     ON CONFLICT (ticket_id) DO UPDATE SET
       failures = CASE WHEN f.locked_until IS NOT NULL OR f.first_at <= $2::timestamptz - interval '1 hour' THEN 1 ELSE f.failures + 1 END,
       first_at = CASE WHEN f.locked_until IS NOT NULL OR f.first_at <= $2::timestamptz - interval '1 hour' THEN $2::timestamptz ELSE f.first_at END,
       locked_until = NULL
     RETURNING failures`,
    [ticketId, at],
  );
  if (failures < MAX_WRONG_TRIES) return MAX_WRONG_TRIES - failures;
  await db.query('UPDATE citizen_lookup_failures SET locked_until = $2 WHERE ticket_id = $1', [
    ticketId,
    new Date(now.getTime() + LOCK_MS).toISOString(),
  ]);
  return 0;
}

/** A right answer clears the count. */
export async function clearWrongTries(db: Queryable, ticketId: string): Promise<void> {
  await db.query('DELETE FROM citizen_lookup_failures WHERE ticket_id = $1', [ticketId]);
}
