// The reliability runs' and the bench's second server: the real Temporal server built from source
// (platform/temporal-server.ts) on a throwaway PostgreSQL cluster, with four history shards, as
// production runs it. Stopped and started again on the same databases and port, as SqliteDevServer.
import path from 'node:path';
import { freePort } from '../../platform/dev-server';
import { ensureTemporalCli } from '../../platform/temporal-cli';
import { startTemporalOnPostgres, TemporalOnPostgres } from '../../platform/temporal-postgres';
import { ensureTemporalServer } from '../../platform/temporal-server';
import { startPostgres, TestPostgres } from './postgres';

export class PostgresTemporal {
  pg?: TestPostgres;
  server?: TemporalOnPostgres;
  port = 0;
  constructor(
    readonly dir: string,
    readonly shards = 4,
  ) {}

  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  async start(): Promise<this> {
    const build = await ensureTemporalServer((m) => console.log(`[temporal-server] ${m}`));
    const cli = await ensureTemporalCli();
    // Temporal's pools (20 + 10 connections per service and database) and the ledger's.
    this.pg ??= await startPostgres({ maxConnections: 200 });
    if (!this.port) this.port = await freePort();
    this.server = await startTemporalOnPostgres({
      build,
      cli,
      postgres: { host: '127.0.0.1', port: this.pg.port, user: 'postgres' },
      dir: path.join(this.dir, 'temporal-server'),
      shards: this.shards,
      port: this.port,
    });
    return this;
  }

  /** A database for the ledger on the same cluster. */
  createDatabase(name: string): Promise<string> {
    return this.pg!.createDatabase(name);
  }

  async stop(crash = false): Promise<void> {
    const s = this.server;
    this.server = undefined;
    await s?.stop(crash);
  }

  /** The server and its cluster. */
  async close(): Promise<void> {
    await this.stop();
    await this.pg?.stop();
  }
}
