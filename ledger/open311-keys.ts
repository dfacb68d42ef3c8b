// Open311 API keys (one per client system): issued and revoked by an admin, stored as SHA-256
// hashes only. A key is 32 random bytes, so an unsalted hash is as strong as the key itself.
import { createHash, randomBytes } from 'node:crypto';
import type { Queryable } from './db';

export interface Open311Key {
  id: number;
  client: string;
  createdAt: string;
  createdBy: string;
  revokedAt: string | null;
  revokedBy: string | null;
}

export const hashOpen311Key = (key: string): string => createHash('sha256').update(key, 'utf8').digest('hex');

type Row = Omit<Open311Key, 'id' | 'createdAt' | 'revokedAt'> & { id: string; createdAt: Date; revokedAt: Date | null };
const COLUMNS = `id, client, created_at AS "createdAt", created_by AS "createdBy", revoked_at AS "revokedAt", revoked_by AS "revokedBy"`;
const view = (r: Row): Open311Key => ({
  ...r,
  id: Number(r.id),
  createdAt: r.createdAt.toISOString(),
  revokedAt: r.revokedAt ? r.revokedAt.toISOString() : null,
});

/** A new key for `client`: the key itself is returned here once and never stored. */
export async function issueOpen311Key(db: Queryable, client: string, by: string, at: Date): Promise<{ key: string; record: Open311Key }> {
  const key = `o311_${randomBytes(32).toString('base64url')}`;
  const rows = await db.query<Row>(
    `INSERT INTO open311_keys (client, key_hash, created_at, created_by) VALUES ($1, $2, $3, $4) RETURNING ${COLUMNS}`,
    [client, hashOpen311Key(key), at.toISOString(), by],
  );
  return { key, record: view(rows[0]) };
}

export async function listOpen311Keys(db: Queryable): Promise<Open311Key[]> {
  return (await db.query<Row>(`SELECT ${COLUMNS} FROM open311_keys ORDER BY id`)).map(view);
}

/** Revokes a key; undefined when there is no such key. Revoking twice keeps the first revocation. */
export async function revokeOpen311Key(db: Queryable, id: number, by: string, at: Date): Promise<Open311Key | undefined> {
  await db.query('UPDATE open311_keys SET revoked_at = $2, revoked_by = $3 WHERE id = $1 AND revoked_at IS NULL', [id, at.toISOString(), by]);
  return (await db.query<Row>(`SELECT ${COLUMNS} FROM open311_keys WHERE id = $1`, [id])).map(view)[0];
}

/** The live key a client presented, or undefined (unknown or revoked). */
export async function findOpen311Key(db: Queryable, key: string): Promise<Open311Key | undefined> {
  const rows = await db.query<Row>(`SELECT ${COLUMNS} FROM open311_keys WHERE key_hash = $1 AND revoked_at IS NULL`, [hashOpen311Key(key)]);
  return rows.map(view)[0];
}
