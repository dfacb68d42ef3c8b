// `npm run temporal:postgres`: the real Temporal server on PostgreSQL, from one command on a fresh
// machine without Docker: builds the server with Go at the pinned version (once, cached), sets up
// the persistence and visibility databases with temporal-sql-tool, starts it with several history
// shards and registers the namespace. Then point the engine at it: TEMPORAL_ADDRESS=127.0.0.1:7233
// npm run worker / npm run api (or npm start, which then runs no dev server).
//   TEMPORAL_POSTGRES_URL  postgres://user:password@host:port of an existing PostgreSQL server (an
//                          account that may create databases); without it a cluster of our own is
//                          kept in $HOTLINE_DATA_DIR/temporal-postgres/cluster (as root:
//                          /var/lib/postgresql/hotline-temporal; TEMPORAL_POSTGRES_DIR overrides),
//                          from Debian's postgresql package (installed with apt-get when root)
//   TEMPORAL_SHARDS        history shards (default 4; fixed when the databases are first set up)
//   TEMPORAL_GRPC_PORT     the frontend's port (default 7233)
// `--build-only` builds (or finds) the server and the CLI and stops there: scripts/reliability-setup.sh
// runs it so that the reliability runs find the server built.
import path from 'node:path';
import { loadEnv } from '../config/env';
import { freePort } from '../platform/dev-server';
import { installPgWhereMissing, startCluster } from '../platform/postgres-cluster';
import { PostgresServer, startTemporalOnPostgres } from '../platform/temporal-postgres';
import { ensureTemporalCli } from '../platform/temporal-cli';
import { ensureTemporalServer } from '../platform/temporal-server';

const step = (m: string) => console.log(`[temporal:postgres] ${m}`);

function fromUrl(url: string): PostgresServer {
  const u = new URL(url);
  if (!/^postgres(ql)?:$/.test(u.protocol)) throw new Error('TEMPORAL_POSTGRES_URL: expected postgres://user:password@host:port');
  return {
    host: u.hostname,
    port: Number(u.port || 5432),
    user: decodeURIComponent(u.username || 'postgres'),
    password: decodeURIComponent(u.password) || undefined,
  };
}

async function main() {
  const env = loadEnv();
  const dir = path.resolve(env.HOTLINE_DATA_DIR, 'temporal-postgres');
  const shards = Number(process.env.TEMPORAL_SHARDS ?? 4);
  if (!Number.isInteger(shards) || shards < 1) throw new Error('TEMPORAL_SHARDS: expected a positive integer');
  const build = await ensureTemporalServer(step);
  const cli = await ensureTemporalCli(step);
  if (process.argv.includes('--build-only')) return step(`Temporal server ${build.version}: ${path.relative(process.cwd(), build.server)}`);
  let postgres: PostgresServer;
  let cluster: { stop(): void } | undefined;
  if (process.env.TEMPORAL_POSTGRES_URL) postgres = fromUrl(process.env.TEMPORAL_POSTGRES_URL);
  else {
    const port = await freePort();
    installPgWhereMissing(step);
    // As root the server runs as `postgres`, which may not enter the private data directory.
    const clusterDir =
      process.env.TEMPORAL_POSTGRES_DIR ?? (process.getuid?.() === 0 ? '/var/lib/postgresql/hotline-temporal' : path.join(dir, 'cluster'));
    step(`PostgreSQL: our own cluster in ${clusterDir} on 127.0.0.1:${port}`);
    cluster = startCluster({ dir: clusterDir, port, durable: true, maxConnections: 100 });
    postgres = { host: '127.0.0.1', port, user: 'postgres' };
  }
  step(`Temporal server ${build.version}: schemas, then start with ${shards} history shards`);
  const server = await startTemporalOnPostgres({
    build,
    cli,
    postgres,
    dir: path.join(dir, 'server'),
    shards,
    port: env.TEMPORAL_GRPC_PORT,
    namespace: env.TEMPORAL_NAMESPACE,
  });
  console.log('');
  console.log(
    `Temporal ${build.version} on PostgreSQL is running: ${server.address} (namespace ${server.namespace}, ${server.shards} history shards)`,
  );
  console.log(`  log        ${server.logFile}`);
  console.log(`  the engine TEMPORAL_ADDRESS=${server.address} npm run worker   (and npm run api, with DATABASE_URL for the ledger)`);
  console.log('  Ctrl-C stops it.');
  const stop = async () => {
    await server.stop();
    cluster?.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

main().catch((err) => {
  console.error(`[temporal:postgres] ${err instanceof Error ? err.message : err}`);
  process.exit(1);
});
