// Temporal on PostgreSQL, as production runs it: the server built from source
// (platform/temporal-server.ts), its schemas set up by temporal-sql-tool in two databases
// (persistence and visibility), several history shards, the namespace registered. Used by
// `npm run temporal:postgres` (scripts/temporal-postgres.ts), the tests and the bench.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { portIsFree } from './dev-server';
import type { TemporalServerBuild } from './temporal-server';

export interface PostgresServer {
  host: string;
  port: number;
  /** An account that may create databases. */
  user: string;
  password?: string;
}

export interface TemporalOnPostgresOptions {
  build: TemporalServerBuild;
  /** The temporal CLI (platform/temporal-cli.ts): registers the namespace. */
  cli: string;
  postgres: PostgresServer;
  /** Database names (created when absent). */
  databases?: { temporal: string; visibility: string };
  /** Where the server's config and log go. */
  dir: string;
  /** History shards: fixed when the cluster is first set up (a later change is refused by the server). */
  shards?: number;
  /** The frontend's gRPC port (the address clients use); the other services take free ports. */
  port?: number;
  namespace?: string;
  /** The server's own log level (its log goes to <dir>/temporal-server.log). */
  logLevel?: 'debug' | 'info' | 'warn' | 'error';
}

export interface TemporalOnPostgres {
  address: string;
  namespace: string;
  shards: number;
  logFile: string;
  pid: number | undefined;
  /** SIGTERM (graceful), or SIGKILL with `crash`; resolves once the process is gone. */
  stop(crash?: boolean): Promise<void>;
}

/** Creates the databases if absent and brings both schemas to the build's newest version (idempotent). */
export function setupTemporalSchemas(o: Pick<TemporalOnPostgresOptions, 'build' | 'postgres' | 'databases'>): void {
  const dbs = o.databases ?? { temporal: 'temporal', visibility: 'temporal_visibility' };
  const base = ['--plugin', 'postgres12', '--ep', o.postgres.host, '-p', String(o.postgres.port), '-u', o.postgres.user];
  if (o.postgres.password) base.push('--pw', o.postgres.password);
  const tool = (db: string, ...args: string[]) => {
    const r = spawnSync(o.build.sqlTool, [...base, '--db', db, ...args], { encoding: 'utf8' });
    return { ok: r.status === 0, out: `${r.stdout}${r.stderr}` };
  };
  for (const [db, schema] of [
    [dbs.temporal, o.build.schema.temporal],
    [dbs.visibility, o.build.schema.visibility],
  ] as const) {
    const created = tool(db, 'create-database');
    if (!created.ok && !/already exists/.test(created.out)) throw new Error(`temporal-sql-tool create-database ${db}: ${created.out}`);
    // setup-schema -v 0.0 creates the version table only once; later runs say so and change nothing.
    const setup = tool(db, 'setup-schema', '-v', '0.0');
    if (!setup.ok && !/already exists/.test(setup.out)) throw new Error(`temporal-sql-tool setup-schema ${db}: ${setup.out}`);
    const update = tool(db, 'update-schema', '-d', schema);
    if (!update.ok) throw new Error(`temporal-sql-tool update-schema ${db}: ${update.out}`);
  }
}

/** Where the services' own ports are looked for (the frontend's is the one clients use). */
const MEMBERSHIP_PORTS_FROM = 21_000;

/** The server's configuration: JSON, which its YAML reader takes as it is. */
function serverConfig(o: TemporalOnPostgresOptions, ports: Record<string, number>, logFile: string, dynamicConfigFile: string) {
  const dbs = o.databases ?? { temporal: 'temporal', visibility: 'temporal_visibility' };
  const store = (databaseName: string, maxConns: number) => ({
    sql: {
      pluginName: 'postgres12',
      databaseName,
      connectAddr: `${o.postgres.host}:${o.postgres.port}`,
      connectProtocol: 'tcp',
      user: o.postgres.user,
      password: o.postgres.password ?? '',
      maxConns,
      maxIdleConns: maxConns,
      maxConnLifetime: '1h',
    },
  });
  const rpc = (name: string) => ({ rpc: { grpcPort: ports[name], membershipPort: ports[`${name}Membership`], bindOnLocalHost: true } });
  return {
    log: { stdout: false, level: o.logLevel ?? 'warn', outputFile: logFile },
    persistence: {
      defaultStore: 'postgres-default',
      visibilityStore: 'postgres-visibility',
      numHistoryShards: o.shards ?? 4,
      datastores: { 'postgres-default': store(dbs.temporal, 20), 'postgres-visibility': store(dbs.visibility, 10) },
    },
    global: { membership: { maxJoinDuration: '30s', broadcastAddress: '127.0.0.1' } },
    services: {
      frontend: { rpc: { ...rpc('frontend').rpc, httpPort: ports.frontendHttp } },
      history: rpc('history'),
      matching: rpc('matching'),
      worker: rpc('worker'),
    },
    clusterMetadata: {
      enableGlobalNamespace: false,
      failoverVersionIncrement: 10,
      masterClusterName: 'active',
      currentClusterName: 'active',
      clusterInformation: { active: { enabled: true, initialFailoverVersion: 1, rpcName: 'frontend', rpcAddress: `127.0.0.1:${ports.frontend}` } },
    },
    dcRedirectionPolicy: { policy: 'noop' },
    archival: { history: { state: 'disabled' }, visibility: { state: 'disabled' } },
    namespaceDefaults: { archival: { history: { state: 'disabled' }, visibility: { state: 'disabled' } } },
    dynamicConfigClient: { filepath: dynamicConfigFile, pollInterval: '10s' },
  };
}

/** The namespace, with a week's retention of closed tickets' histories (the ledger keeps them for good). */
function registerNamespace(cli: string, address: string, namespace: string): void {
  const r = spawnSync(cli, ['operator', 'namespace', 'create', '--namespace', namespace, '--retention', '168h', '--address', address], {
    encoding: 'utf8',
  });
  if (r.status !== 0 && !/already exists|AlreadyExists/i.test(`${r.stdout}${r.stderr}`)) {
    throw new Error(`temporal operator namespace create ${namespace}: ${r.stdout}${r.stderr}`);
  }
}

/** Sets up the schemas, starts the server, registers the namespace; resolves once a client can start workflows there. */
export async function startTemporalOnPostgres(o: TemporalOnPostgresOptions, timeoutMs = 120_000): Promise<TemporalOnPostgres> {
  setupTemporalSchemas(o);
  fs.mkdirSync(o.dir, { recursive: true, mode: 0o700 });
  const frontend = o.port ?? 7233;
  if (!(await portIsFree(frontend))) throw new Error(`port ${frontend} (Temporal frontend) is already in use`);
  const ports: Record<string, number> = { frontend };
  // The cluster-membership table stores ports as smallint: every service port stays below 32768.
  let next = MEMBERSHIP_PORTS_FROM;
  for (const name of [
    'frontendHttp',
    'frontendMembership',
    'history',
    'historyMembership',
    'matching',
    'matchingMembership',
    'worker',
    'workerMembership',
  ]) {
    while (!(await portIsFree(next))) next += 1;
    if (next > 32_767) throw new Error('no free port below 32768 for the Temporal services');
    ports[name] = next++;
  }
  const logFile = path.join(o.dir, 'temporal-server.log');
  const dynamicConfigFile = path.join(o.dir, 'dynamicconfig.yaml');
  // Search attributes added by the worker at start are visible at once (no cache delay).
  fs.writeFileSync(dynamicConfigFile, JSON.stringify({ 'system.forceSearchAttributesCacheRefreshOnRead': [{ value: true }] }, null, 2), {
    mode: 0o600,
  });
  const configFile = path.join(o.dir, 'temporal-server.yaml');
  // The file holds the database password: readable by this user only.
  fs.writeFileSync(configFile, JSON.stringify(serverConfig(o, ports, logFile, dynamicConfigFile), null, 2), { mode: 0o600 });

  const child = spawn(o.build.server, ['--config-file', configFile, '--allow-no-auth', 'start'], {
    stdio: ['ignore', 'ignore', 'pipe'],
    detached: true,
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  let exited: number | null | undefined;
  child.on('exit', (code) => (exited = code));
  const address = `127.0.0.1:${frontend}`;
  const namespace = o.namespace ?? 'default';
  const deadline = Date.now() + timeoutMs;
  const fail = (why: string): never => {
    child.kill('SIGKILL');
    const log = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8').slice(-3000) : '';
    throw new Error(`Temporal server on PostgreSQL not ready on ${address}: ${why}\n${stderr}\n${log}`);
  };
  for (let registered = false; ;) {
    if (exited !== undefined) fail(`it exited with code ${exited}`);
    try {
      const conn = await Connection.connect({ address, connectTimeout: 1000 });
      try {
        await conn.workflowService.getSystemInfo({});
        if (!registered) {
          registerNamespace(o.cli, address, namespace);
          registered = true;
        }
        // Visibility answers once the namespace is in every service's cache: then a start succeeds.
        await conn.workflowService.countWorkflowExecutions({ namespace, query: '' });
        break;
      } finally {
        await conn.close();
      }
    } catch (err) {
      if (Date.now() > deadline) fail(String(err));
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  return {
    address,
    namespace,
    shards: o.shards ?? 4,
    logFile,
    pid: child.pid,
    stop: (crash = false) =>
      new Promise<void>((resolve) => {
        process.removeListener('exit', killOnExit);
        if (exited !== undefined) return resolve();
        const killTimer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        child.once('exit', () => {
          clearTimeout(killTimer);
          resolve();
        });
        child.kill(crash ? 'SIGKILL' : 'SIGTERM');
      }),
  };
}
