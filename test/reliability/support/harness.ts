// What the reliability tests run on: their own Temporal dev server on a SQLite file in a temp
// directory (never the user's .data), on free loopback ports; an in-process worker with real
// activities (mail over SMTP on loopback, an in-memory ledger); the real API (api/runtime.ts) with
// tokens signed by a secret of the test's own. Jest only (test/setup/temporal.ts uses its hooks).
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import type { WorkerActivities } from '../../../activities/contract';
import { signToken } from '../../../api/auth';
import { startApi } from '../../../api/runtime';
import { loadEnv } from '../../../config/env';
import { closeSharedLedgers } from '../../../ledger/open';
import type { Role } from '../../../domain/ticket';
import { DevServer, freePort, startDevServer } from '../../../platform/dev-server';
import { ensureTemporalCli } from '../../../platform/temporal-cli';
import { ensureSearchAttributes } from '../../../worker/search-attributes';
import { payloadEncryption } from '../../../codec/data-converter';
import { testKeyRing, writeKeyRingFile } from '../../setup/payload-keys';
import { startWorker } from '../../setup/temporal';

export const tempDir = (name: string) => fs.mkdtempSync(path.join(os.tmpdir(), `hotline-rel-${name}-`));

/** A dev server on `dir/temporal.sqlite` that can be stopped and started again on the same file and port. */
export class SqliteDevServer {
  server?: DevServer;
  port = 0;
  constructor(readonly dir: string) {}

  get dbFile(): string {
    return path.join(this.dir, 'temporal.sqlite');
  }
  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  async start(): Promise<this> {
    const cliPath = await ensureTemporalCli();
    if (!this.port) this.port = await freePort();
    this.server = await startDevServer({ cliPath, dbFile: this.dbFile, port: this.port });
    return this;
  }

  /** SIGTERM (graceful), or SIGKILL with `crash`; resolves once the process is gone. */
  async stop(crash = false): Promise<void> {
    const s = this.server;
    this.server = undefined;
    if (!s) return;
    if (!crash) return s.stop();
    const gone = new Promise<void>((resolve) => (s.process.exitCode !== null ? resolve() : s.process.once('exit', () => resolve())));
    s.process.kill('SIGKILL');
    await gone;
  }

  close(): Promise<void> {
    return this.stop();
  }
}

export interface Connected {
  connection: Connection;
  client: Client;
  native: NativeConnection;
  close(): Promise<void>;
}

/** The SDK logs errors only: these runs fail activities on purpose, and its warnings would bury the result. */
function quietRuntime(): void {
  try {
    Runtime.install({ logger: new DefaultLogger('ERROR'), telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' } } } });
  } catch {
    /* already installed in this test file */
  }
}

export async function connect(address: string): Promise<Connected> {
  quietRuntime();
  const connection = await Connection.connect({ address });
  await ensureSearchAttributes(connection, 'default');
  const native = await NativeConnection.connect({ address });
  return {
    connection,
    // The payload codec as in production; the API (runApi) reads the same ring from its file.
    client: new Client({ connection, dataConverter: payloadEncryption(testKeyRing()).dataConverter }),
    native,
    async close() {
      await native.close();
      await connection.close();
    },
  };
}

export async function runWorker(
  native: NativeConnection,
  taskQueue: string,
  activities: WorkerActivities,
): Promise<{ worker: Worker; stop(): Promise<void> }> {
  const worker = await startWorker(native, taskQueue, activities, 'default', payloadEncryption(testKeyRing()).dataConverter);
  const running = worker.run();
  return {
    worker,
    async stop() {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running;
    },
  };
}

export interface ApiProcess {
  url: string;
  secret: string;
  bearer(who: { role: Role; unit?: string; sub?: string }): Promise<string>;
  close(): Promise<void>;
}

/** The real API wiring (api/runtime.ts) against `address`, on a free port, with a secret of its own. */
export async function runApi(address: string, taskQueue: string, dataDir: string): Promise<ApiProcess> {
  const secret = randomBytes(24).toString('base64url');
  const env = loadEnv({
    PORT: String(await freePort()),
    TEMPORAL_TASK_QUEUE: taskQueue,
    HOTLINE_DATA_DIR: dataDir,
    HOTLINE_PAYLOAD_KEYS: writeKeyRingFile(dataDir, testKeyRing()),
    HOTLINE_JWT_SECRET: secret,
    // Every route configured, as in production: the voice provider's callbacks and the rating links.
    HOTLINE_CALLBACK_SECRET: randomBytes(24).toString('base64url'),
    HOTLINE_RATING_SECRET: randomBytes(24).toString('base64url'),
    HOTLINE_FOLLOW_UP_PROVIDER: 'manual',
  });
  const api = await startApi(env, address);
  const tokens = new Map<string, string>();
  return {
    url: api.url,
    secret,
    async bearer(who) {
      const key = JSON.stringify(who);
      if (!tokens.has(key)) {
        const sub = who.sub ?? `${who.role}-${who.unit ?? 'hotline'}`;
        tokens.set(key, await signToken(secret, { sub, name: who.role, role: who.role, ...(who.unit ? { unit: who.unit } : {}) }, '2h'));
      }
      return `Bearer ${tokens.get(key)}`;
    },
    async close() {
      await api.close();
      await closeSharedLedgers(); // the stats routes' ledger, when they opened one
    },
  };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `fn` until `ok` holds or `timeoutMs` passes; returns the last value. */
export async function until<T>(fn: () => Promise<T>, ok: (v: T) => boolean, timeoutMs: number, everyMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (ok(v) || Date.now() > deadline) return v;
    await sleep(everyMs);
  }
}
