// Opening the ledger from configuration: DATABASE_URL → PostgreSQL; otherwise embedded PGlite in
// $HOTLINE_DATA_DIR/ledger. Migrations are applied before the handle is returned.
import path from 'node:path';
import type { Env } from '../config/env';
import type { LedgerDb } from './db';
import { migrate } from './migrate';
import { openPglite } from './pglite';
import { openPostgres } from './postgres';

export interface LedgerConfig {
  databaseUrl?: string;
  dataDir: string;
}

export const ledgerConfig = (env: Pick<Env, 'DATABASE_URL' | 'HOTLINE_DATA_DIR'>): LedgerConfig => ({
  databaseUrl: env.DATABASE_URL || undefined,
  dataDir: env.HOTLINE_DATA_DIR,
});

export const ledgerDir = (cfg: LedgerConfig) => path.join(cfg.dataDir, 'ledger');

export async function openLedger(cfg: LedgerConfig): Promise<LedgerDb> {
  const db = cfg.databaseUrl ? openPostgres(cfg.databaseUrl) : await openPglite(ledgerDir(cfg));
  try {
    await migrate(db);
  } catch (err) {
    await db.close().catch(() => undefined);
    throw err;
  }
  return db;
}

// An embedded data directory may be open in one place only: the worker and the API of `npm start`
// (one process) must share one handle. sharedLedger gives every caller of a process the same one.
const shared = new Map<string, Promise<LedgerDb>>();

export function sharedLedger(cfg: LedgerConfig): Promise<LedgerDb> {
  const key = cfg.databaseUrl ?? `pglite:${path.resolve(ledgerDir(cfg))}`;
  let db = shared.get(key);
  if (!db) {
    db = openLedger(cfg);
    db.catch(() => shared.delete(key));
    shared.set(key, db);
  }
  return db;
}

export async function closeSharedLedgers(): Promise<void> {
  const all = [...shared.values()];
  shared.clear();
  await Promise.allSettled(all.map(async (p) => (await p).close()));
}
