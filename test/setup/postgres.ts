// A throwaway PostgreSQL cluster for tests: initdb in a temp directory, a free loopback port, no
// Unix socket, fsync off; stopped and deleted by stop(). As root the server runs as the `postgres`
// user (initdb refuses root). Missing binaries are an ERROR, never a skip: CI installs Debian's
// `postgresql` package (apt-get install -y postgresql).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { freePort } from '../../platform/dev-server';
import { startCluster } from '../../platform/postgres-cluster';

export { findPgBin } from '../../platform/postgres-cluster';

export interface TestPostgres {
  /** postgres://postgres@127.0.0.1:PORT/postgres */
  url: string;
  port: number;
  /** The postmaster's process id. */
  pid(): number | undefined;
  /** A fresh empty database on the cluster; resolves to its URL. */
  createDatabase(name: string): Promise<string>;
  stop(): Promise<void>;
}

/** `timezone`: the server's TimeZone setting (the ledger must not depend on it). */
export async function startPostgres(options: { timezone?: string; maxConnections?: number } = {}): Promise<TestPostgres> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hotline-pg-'));
  const cluster = startCluster({ dir, port: await freePort(), durable: false, ...options });
  const { port } = cluster;
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  let stopped = false;
  return {
    url,
    port,
    pid: () => cluster.pid(),
    async createDatabase(name: string) {
      if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bad database name ${name}`);
      const client = new Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${name}`);
      } finally {
        await client.end();
      }
      return `postgres://postgres@127.0.0.1:${port}/${name}`;
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      try {
        cluster.stop();
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
