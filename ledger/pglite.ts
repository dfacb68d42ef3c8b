// Embedded PostgreSQL (PGlite, WASM) in a directory: the default ledger when DATABASE_URL is unset.
// PGlite is single-user PostgreSQL: one process at a time may open a data directory. A lock file
// beside it (<dir>.lock, holding the pid) makes a second process fail with a clear message instead
// of corrupting the data; `npm start` runs the worker and the API in one process and shares one
// handle (ledger/open.ts, sharedLedger).
import fs from 'node:fs';
import { PGlite, PGliteOptions } from '@electric-sql/pglite';
import type { LedgerDb, QueryOptions, Queryable } from './db';
import { preparedStatements } from './pglite-prepared';
import { PRIVATE_FILE_MODE, privateDir, tightenTree } from '../platform/private-files';

type PgliteLike = Pick<PGlite, 'query' | 'exec'>;

type Prepared = ReturnType<typeof preparedStatements>;

/** `prepared`: inside a transaction only, where PGlite's transaction lock keeps the connection ours. */
const wrap = (pg: PgliteLike, prepared?: Prepared): Queryable => ({
  async query<R>(sql: string, params: readonly unknown[] = [], options?: QueryOptions) {
    if (options?.prepare && prepared) return prepared<R>(sql, params);
    const res = await pg.query<R>(sql, params as unknown[]);
    return res.rows;
  },
  async exec(sql: string) {
    await pg.exec(sql);
  },
});

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** Takes `<dataDir>.lock` for this process; a lock left by a dead process is taken over. */
function lockDir(dataDir: string): () => void {
  const file = `${dataDir.replace(/[\\/]+$/, '')}.lock`;
  for (let attempt = 0; ; attempt++) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: 'wx', mode: PRIVATE_FILE_MODE });
      return () => fs.rmSync(file, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw err;
      const pid = Number(fs.readFileSync(file, 'utf8').trim());
      if (Number.isInteger(pid) && pid > 0 && alive(pid)) {
        throw new Error(
          `ledger: the embedded database ${dataDir} is already open in process ${pid}${pid === process.pid ? ' (this one)' : ''}. ` +
            'PGlite allows one process: run the worker and the API together (npm start), or set DATABASE_URL to a PostgreSQL server.',
          { cause: err },
        );
      }
      fs.rmSync(file, { force: true }); // stale: its process is gone
    }
  }
}

/**
 * Opens (creating if need be) a PGlite database in `dataDir`; in memory when `dataDir` is undefined.
 * `options` go to PGlite as they are (e.g. `loadDataDir`, a dump of an initialised cluster).
 */
export async function openPglite(dataDir?: string, options: Omit<PGliteOptions, 'dataDir'> = {}): Promise<LedgerDb> {
  let unlock = () => {};
  if (dataDir) {
    privateDir(dataDir);
    unlock = lockDir(dataDir);
  }
  let pg: PGlite;
  try {
    pg = await PGlite.create({ ...options, ...(dataDir ? { dataDir } : {}) });
    // PGlite creates its files 0666 whatever the umask: private again once open, and at close.
    if (dataDir) tightenTree(dataDir);
  } catch (err) {
    unlock();
    throw err;
  }
  const prepared = preparedStatements(pg);
  return {
    dialect: 'pglite',
    ...wrap(pg),
    transaction: (fn) => pg.transaction((tx) => fn(wrap(tx, prepared))),
    async close() {
      try {
        if (!pg.closed) await pg.close();
        if (dataDir) tightenTree(dataDir);
      } finally {
        unlock();
      }
    },
  };
}
