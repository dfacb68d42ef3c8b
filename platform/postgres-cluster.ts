// A PostgreSQL cluster of our own from the machine's server binaries (Debian's `postgresql`
// package): initdb once in a folder, started on a loopback port. The tests use throwaway ones
// (test/setup/postgres.ts); `npm run temporal:postgres` keeps one for Temporal's databases. As root
// the server runs as the `postgres` user (initdb refuses root).
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const INSTALL_HINT =
  'PostgreSQL server binaries (initdb, pg_ctl, postgres) not found. Install them with ' +
  '`apt-get update && apt-get install -y postgresql` (Debian), or set PG_BIN to their directory.';

/** The directory holding initdb/pg_ctl: $PG_BIN, the newest /usr/lib/postgresql/N/bin, or PATH. */
export function findPgBin(env: NodeJS.ProcessEnv = process.env, debian = '/usr/lib/postgresql'): string {
  const candidates: string[] = [];
  if (env.PG_BIN) candidates.push(env.PG_BIN);
  if (fs.existsSync(debian)) {
    const versions = fs
      .readdirSync(debian)
      .filter((v) => /^\d+$/.test(v))
      .sort((a, b) => Number(b) - Number(a));
    candidates.push(...versions.map((v) => path.join(debian, v, 'bin')));
  }
  candidates.push(...(env.PATH ?? '').split(path.delimiter).filter(Boolean));
  const found = candidates.find((d) => ['initdb', 'pg_ctl', 'postgres'].every((b) => fs.existsSync(path.join(d, b))));
  if (!found) throw new Error(INSTALL_HINT);
  return found;
}

/** A fresh machine: Debian's `postgresql` package, installed where we may (root with apt-get). */
export function installPgWhereMissing(log: (m: string) => void): void {
  try {
    findPgBin();
    return;
  } catch (err) {
    if (!isRoot() || spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status !== 0) throw err;
  }
  log("PostgreSQL server binaries: installing Debian's postgresql package (apt-get)");
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', 'postgresql'], { stdio: 'inherit', env });
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

export interface ClusterOptions {
  /** The cluster's folder: `data/` and `server.log` inside; initdb runs when `data/` is absent. */
  dir: string;
  port: number;
  /** Throwaway clusters trade durability for speed (fsync off). */
  durable: boolean;
  maxConnections?: number;
  timezone?: string;
}

export interface Cluster {
  url: string;
  port: number;
  /** The postmaster's process id (the bench meters the cluster's CPU by it). */
  pid(): number | undefined;
  stop(): void;
}

export function startCluster(o: ClusterOptions): Cluster {
  const bin = findPgBin();
  const data = path.join(o.dir, 'data');
  const log = path.join(o.dir, 'server.log');
  fs.mkdirSync(o.dir, { recursive: true, mode: 0o700 });
  const asRoot = isRoot();
  if (asRoot) execFileSync('chown', ['postgres:postgres', o.dir]);
  const run = (file: string, args: string[]) => {
    const [cmd, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', file, ...args]] : [file, args];
    const r = spawnSync(cmd, argv, { encoding: 'utf8', cwd: o.dir });
    if (r.error || r.status !== 0) {
      const serverLog = fs.existsSync(log) ? fs.readFileSync(log, 'utf8').slice(-2000) : '';
      throw new Error(`${path.basename(file)} failed (${r.error?.message ?? `exit ${r.status}`}):\n${r.stderr}${r.stdout}\n${serverLog}`);
    }
    return r.stdout;
  };
  if (!fs.existsSync(path.join(data, 'PG_VERSION'))) {
    run(path.join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-locale', ...(o.durable ? [] : ['--no-sync'])]);
  }
  const opts = [
    `-p ${o.port}`,
    '-c listen_addresses=127.0.0.1',
    "-c unix_socket_directories=''",
    ...(o.durable ? [] : ['-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off']),
    '-c shared_buffers=32MB',
    `-c max_connections=${o.maxConnections ?? 30}`,
    ...(o.timezone ? [`-c timezone=${o.timezone}`] : []),
  ].join(' ');
  run(path.join(bin, 'pg_ctl'), ['-D', data, '-l', log, '-o', opts, '-w', '-t', '60', 'start']);
  return {
    url: `postgres://postgres@127.0.0.1:${o.port}/postgres`,
    port: o.port,
    pid: () => {
      const file = path.join(data, 'postmaster.pid');
      return fs.existsSync(file) ? Number(fs.readFileSync(file, 'utf8').split('\n')[0]) : undefined;
    },
    stop: () => void run(path.join(bin, 'pg_ctl'), ['-D', data, '-m', o.durable ? 'fast' : 'immediate', '-w', 'stop']),
  };
}
