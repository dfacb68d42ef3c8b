// Runs `temporal server start-dev` as a child process: the embedded default of `npm start`.
// State lives in one SQLite file (WAL journal), so a second start finds every ticket again.
import { spawn, ChildProcess } from 'node:child_process';
import net from 'node:net';
import { Connection } from '@temporalio/client';
import { searchAttributeFlags } from '../workflows/search-attributes';

export interface DevServerOptions {
  cliPath: string;
  /** SQLite file; omit for an in-memory server (tests). */
  dbFile?: string;
  ip?: string;
  port: number;
  /** Web UI port; omit for a headless server. */
  uiPort?: number;
  /** The Web UI's remote codec endpoint (npm start's loopback codec server). */
  uiCodecEndpoint?: string;
  namespace?: string;
  logLevel?: 'debug' | 'info' | 'warn' | 'error';
  /** SQLite pragmas instead of `sqlitePragmas` (the benchmark tries others). */
  pragmas?: readonly string[];
  /** `--dynamic-config-value KEY=JSON` pairs (the benchmark tries other cache sizes). */
  dynamicConfig?: Record<string, unknown>;
}

export interface DevServer {
  address: string;
  uiUrl?: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** SQLite settings named with the benchmark figures: WAL lets readers run beside the single writer. */
export const sqlitePragmas = ['journal_mode=wal', 'synchronous=normal', 'busy_timeout=5000'];

export function devServerArgs(o: DevServerOptions): string[] {
  const args = ['server', 'start-dev', '--ip', o.ip ?? '127.0.0.1', '--port', String(o.port)];
  if (o.dbFile) {
    args.push('--db-filename', o.dbFile);
    for (const p of o.pragmas ?? sqlitePragmas) args.push('--sqlite-pragma', p);
  }
  for (const [k, v] of Object.entries(o.dynamicConfig ?? {})) args.push('--dynamic-config-value', `${k}=${JSON.stringify(v)}`);
  if (o.uiPort) args.push('--ui-port', String(o.uiPort));
  if (o.uiPort && o.uiCodecEndpoint) args.push('--ui-codec-endpoint', o.uiCodecEndpoint);
  else args.push('--headless');
  if (o.namespace && o.namespace !== 'default') args.push('--namespace', o.namespace);
  args.push('--log-level', o.logLevel ?? 'error', ...searchAttributeFlags());
  return args;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** Resolves false when something already listens on the port (so we would talk to a stranger). */
export function portIsFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, host, () => srv.close(() => resolve(true)));
  });
}

export async function startDevServer(o: DevServerOptions, timeoutMs = 60_000): Promise<DevServer> {
  for (const [what, port] of [
    ['gRPC', o.port],
    ['Web UI', o.uiPort],
  ] as const) {
    if (port && !(await portIsFree(port, o.ip ?? '127.0.0.1'))) {
      throw new Error(
        `port ${port} (Temporal ${what}) is already in use: is another Temporal server or \`npm start\` running? ` +
          'Stop it, choose other ports (TEMPORAL_GRPC_PORT, TEMPORAL_UI_PORT), or connect to it with TEMPORAL_ADDRESS.',
      );
    }
  }
  // Its own process group: Ctrl-C reaches only us, and we stop the server after the worker drains.
  const child = spawn(o.cliPath, devServerArgs(o), { stdio: ['ignore', 'inherit', 'inherit'], detached: true });
  const killOnExit = () => child.kill('SIGTERM');
  process.once('exit', killOnExit);
  const address = `${o.ip ?? '127.0.0.1'}:${o.port}`;
  let exited: number | null | undefined;
  child.on('exit', (code) => (exited = code));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited !== undefined) throw new Error(`temporal dev server exited with code ${exited} before it was ready`);
    try {
      const conn = await Connection.connect({ address, connectTimeout: 1000 });
      await conn.workflowService.getSystemInfo({});
      await conn.close();
      break;
    } catch (err) {
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`temporal dev server not ready on ${address} after ${timeoutMs} ms: ${String(err)}`, { cause: err });
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  return {
    address,
    uiUrl: o.uiPort ? `http://${o.ip ?? '127.0.0.1'}:${o.uiPort}` : undefined,
    process: child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (exited !== undefined) return resolve();
        const killTimer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.once('exit', () => {
          clearTimeout(killTimer);
          process.removeListener('exit', killOnExit);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}
