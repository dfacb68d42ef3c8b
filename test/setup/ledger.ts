// An in-memory PGlite ledger for tests. A fresh cluster costs an initdb (seconds on this machine);
// the first call dumps a pristine cluster to .cache/test/ and later ones load that dump instead.
// Migrations still run on every database. Not a test file itself.
import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { LedgerDb } from '../../ledger/db';
import { migrate } from '../../ledger/migrate';
import { openPglite } from '../../ledger/pglite';
import { cacheDir, projectRoot } from '../../platform/paths';

const pgliteVersion: string = JSON.parse(
  fs.readFileSync(path.join(projectRoot, 'node_modules', '@electric-sql', 'pglite', 'package.json'), 'utf8'),
).version;
const template = path.join(cacheDir, 'test', `pglite-cluster-${pgliteVersion}.tar`);

async function pristineCluster(): Promise<Blob> {
  if (!fs.existsSync(template)) {
    const pg = await PGlite.create();
    const dump = await pg.dumpDataDir('none');
    await pg.close();
    fs.mkdirSync(path.dirname(template), { recursive: true });
    const tmp = `${template}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, Buffer.from(await dump.arrayBuffer()));
    fs.renameSync(tmp, template); // atomic: parallel test files never read half a file
  }
  return new Blob([fs.readFileSync(template)]);
}

export async function openTestLedger(): Promise<LedgerDb> {
  const db = await openPglite(undefined, { loadDataDir: await pristineCluster() });
  await migrate(db);
  return db;
}
