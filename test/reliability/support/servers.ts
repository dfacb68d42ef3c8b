// The servers the crash and restart runs take in turn: the dev server on SQLite (npm start's), and
// the real server on PostgreSQL with four history shards (production's) served by two worker
// processes on one task queue. RELIABILITY_SERVERS=sqlite or =postgres runs one of them only.
import path from 'node:path';
import { CompiledChild, spawnCompiled } from '../../../bench/lib/child';
import { testKeyRing, writeKeyRingFile } from '../../setup/payload-keys';
import { SqliteDevServer } from './harness';
import { PostgresTemporal } from '../../setup/postgres-temporal';

export interface ServerUnderTest {
  readonly address: string;
  start(): Promise<unknown>;
  /** SIGTERM, or SIGKILL with `crash`; start() again brings it back on the same state and port. */
  stop(crash?: boolean): Promise<void>;
  close(): Promise<void>;
  /** A ledger database beside Temporal's, where the server has a PostgreSQL cluster. */
  createDatabase?(name: string): Promise<string>;
}

export interface ServerKind {
  kind: 'sqlite' | 'postgres';
  name: string;
  make(dir: string): ServerUnderTest;
  /** Worker processes on the one task queue. */
  workers: number;
}

const kinds: ServerKind[] = [
  { kind: 'sqlite', name: 'dev server on SQLite', make: (dir) => new SqliteDevServer(dir), workers: 1 },
  { kind: 'postgres', name: 'Temporal on PostgreSQL (4 history shards), two workers', make: (dir) => new PostgresTemporal(dir), workers: 2 },
];
const only = process.env.RELIABILITY_SERVERS?.split(',');
export const serverKinds = kinds.filter((k) => !only || only.includes(k.kind));

export interface WorkerProcessOptions {
  address: string;
  taskQueue: string;
  dir: string;
  smtpUrl: string;
  /** The ledger; without it an embedded PGlite in the worker's own data directory. */
  databaseUrl?: string;
}

let starts = 0;
/** `node dist/worker/main.js` as `npm run worker` runs it; resolves once it polls. */
export function startWorkerProcess(o: WorkerProcessOptions, name: string): Promise<CompiledChild> {
  starts += 1;
  const data = path.join(o.dir, `${name}-data`);
  return spawnCompiled('worker/main.ts', {
    env: {
      TEMPORAL_ADDRESS: o.address,
      TEMPORAL_TASK_QUEUE: o.taskQueue,
      HOTLINE_DATA_DIR: data,
      HOTLINE_PAYLOAD_KEYS: writeKeyRingFile(data, testKeyRing()),
      SMTP_URL: o.smtpUrl,
      DATABASE_URL: o.databaseUrl ?? '',
      HOTLINE_MAIL_FROM: 'hotline@test.example',
      HOTLINE_FOLLOW_UP_PROVIDER: 'manual',
      HOTLINE_LOG_LEVEL: 'ERROR',
    },
    ready: /"msg":"polling task queue/,
    logFile: path.join(o.dir, `${name}-${starts}.log`),
    timeoutMs: 180_000,
  });
}
