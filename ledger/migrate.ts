// Versioned migrations (ledger/migrations/NNN_name.sql), applied in order at start and recorded in
// schema_migrations. All pending migrations run in ONE transaction under an advisory lock, so two
// processes starting at once against the same PostgreSQL database apply each migration once: the
// second waits for the lock, then finds everything applied. A migration edited after it was applied
// is refused (checksum), rather than silently diverging between installations.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { rebuildAggregates } from './aggregate-rebuild';
import { LedgerDb, MIGRATION_LOCK_KEY } from './db';

export const migrationsDir = path.join(__dirname, 'migrations');

export interface Migration {
  version: number;
  name: string;
  sql: string;
  checksum: string;
}

const FILE_RE = /^(\d{3,})_([a-z0-9_]+)\.sql$/;
/** A migration holding this line has the statistics aggregates rebuilt once every pending migration is applied. */
const REBUILD_MARKER = '-- then: rebuild statistics';

export function loadMigrations(dir = migrationsDir): Migration[] {
  const list = fs
    .readdirSync(dir)
    .flatMap((file) => {
      const m = FILE_RE.exec(file);
      if (!m) return [];
      const sql = fs.readFileSync(path.join(dir, file), 'utf8');
      return [{ version: Number(m[1]), name: m[2], sql, checksum: createHash('sha256').update(sql).digest('hex') }];
    })
    .sort((a, b) => a.version - b.version);
  list.forEach((m, i) => {
    if (i > 0 && list[i - 1].version === m.version) throw new Error(`ledger: two migrations numbered ${m.version}`);
  });
  return list;
}

/** Applies the pending migrations; resolves to the versions applied now (empty when up to date). */
export async function migrate(db: LedgerDb, migrations: Migration[] = loadMigrations()): Promise<number[]> {
  return db.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`);
    await tx.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version    integer     PRIMARY KEY,
      name       text        NOT NULL,
      checksum   text        NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const done = new Map(
      (await tx.query<{ version: number; checksum: string }>('SELECT version, checksum FROM schema_migrations')).map((r) => [r.version, r.checksum]),
    );
    const applied: number[] = [];
    for (const m of migrations) {
      const prior = done.get(m.version);
      if (prior !== undefined) {
        if (prior !== m.checksum) {
          throw new Error(
            `ledger: migration ${String(m.version).padStart(3, '0')}_${m.name} was changed after it was applied; add a new migration instead`,
          );
        }
        continue;
      }
      await tx.exec(m.sql);
      await tx.query('INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)', [m.version, m.name, m.checksum]);
      applied.push(m.version);
    }
    // After the last one: the rebuild reads the schema every migration has made.
    if (migrations.some((m) => applied.includes(m.version) && m.sql.includes(REBUILD_MARKER))) await rebuildAggregates(tx);
    return applied;
  });
}
