// A real PostgreSQL server through `pg` (DATABASE_URL): same SQL as the embedded ledger.
import { Pool, PoolClient } from 'pg';
import { createHash } from 'node:crypto';
import type { LedgerDb, QueryOptions, Queryable } from './db';
import { errorFields, log } from '../platform/log';

// pg prepares a named statement once per connection; the name must always mean the same text.
// Hashed once per text, not on every write (the ledger's prepared texts are a few dozen).
const names = new Map<string, string>();
const statementName = (sql: string) => {
  let name = names.get(sql);
  if (!name) names.set(sql, (name = `ledger_${createHash('sha256').update(sql).digest('hex').slice(0, 32)}`));
  return name;
};

const wrap = (c: Pool | PoolClient): Queryable => ({
  async query<R>(sql: string, params: readonly unknown[] = [], options?: QueryOptions) {
    const res = options?.prepare
      ? await c.query({ name: statementName(sql), text: sql, values: params as unknown[] })
      : await c.query(sql, params as unknown[]);
    return res.rows as R[];
  },
  async exec(sql: string) {
    await c.query(sql); // no parameters: the simple protocol, which accepts several statements
  },
});

export function openPostgres(connectionString: string, options: { max?: number } = {}): LedgerDb {
  // A server that does not answer fails a connection attempt after 5 s instead of hanging the write.
  const pool = new Pool({ connectionString, max: options.max ?? 5, connectionTimeoutMillis: 5_000 });
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on('error', (err) => log('ledger').error(errorFields(err), 'idle PostgreSQL connection failed'));
  return {
    dialect: 'postgres',
    ...wrap(pool),
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn(wrap(client));
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
