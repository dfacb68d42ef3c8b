// The benchmark's own stack, never the user's: a Temporal dev server on a SQLite file in a temp
// directory and a free port (or the real server on PostgreSQL, or TEMPORAL_ADDRESS), an SMTP sink on
// loopback, and the node — worker and API in one process as `npm start` runs them, or in two
// (`split`) as docker compose does, with more worker processes on the task queue (`workers`).
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { WorkflowIdConflictPolicy, WorkflowIdReusePolicy } from '@temporalio/common';
import { signToken } from '../../api/auth';
import { randomTicketId } from '../../api/ticket-id';
import { loadCalendarFromEnv } from '../../config/calendar-source';
import { loadCatalog } from '../../config/catalog-source';
import { loadRules } from '../../config/rules-source';
import { rulesFor } from '../../domain/rule-book';
import { directDispatchTarget } from '../../domain/catalog';
import { calendarFrom } from '../../domain/calendar';
import { Actor, intakeSchema, Role, TicketInput, TicketRules } from '../../domain/ticket';
import { DevServer, freePort, sqlitePragmas, startDevServer } from '../../platform/dev-server';
import { ensureTemporalCli } from '../../platform/temporal-cli';
import { startPostgres, TestPostgres } from '../../test/setup/postgres';
import { PostgresTemporal } from '../../test/setup/postgres-temporal';
import { LoopbackSmtp } from '../../test/setup/smtp';
import { testKeyRing, writeKeyRingFile } from '../../test/setup/payload-keys';
import { payloadEncryption } from '../../codec/data-converter';
import type { TicketWorkerOptions } from '../../worker/create-worker';
import { TICKET_CACHE_SIZE } from '../../worker/cache-size';
import { WORKFLOW_TYPE } from '../../workflows/messages';
import type { ticket } from '../../workflows/ticket';
import { spawnCompiled, CompiledChild } from './child';
import { HttpClient } from './http';

export type WorkerTuning = NonNullable<TicketWorkerOptions['tuning']>;

export interface StackOptions {
  /** Temp directory for the SQLite file, the nodes' data directories and logs. */
  dir: string;
  /** An existing Temporal server instead of a dev server of our own. */
  temporalAddress?: string;
  /** SQLite pragmas of the dev server (default: platform/dev-server.ts sqlitePragmas). */
  pragmas?: string[];
  /** Dynamic config of the dev server. */
  dynamicConfig?: Record<string, unknown>;
  tuning?: WorkerTuning;
  /** Worker and API in separate processes. */
  split?: boolean;
  /** The Temporal server of our own: the dev server (SQLite), or the real one on PostgreSQL (4 history shards). */
  temporal?: 'dev' | 'postgres';
  /** Worker processes on the task queue (split only). */
  workers?: number;
  /** The ledger: embedded PGlite (as `npm start`) or a throwaway PostgreSQL cluster. */
  ledger?: 'pglite' | 'postgres';
  /** Nodes without the payload codec (bench/codec.ts compares); encrypted, as in production, by default. */
  plaintextPayloads?: boolean;
  /** HTTP sockets of the load generator. */
  maxSockets?: number;
  taskQueue?: string;
}

export const TASK_QUEUE = 'hotline';
export const LEAD = 'LJ-JB-HOUSING';

export const people: Record<string, { role: Role; unit?: string; sub: string }> = {
  operator: { role: 'operator', sub: 'bench-op' },
  dispatcher: { role: 'dispatcher', sub: 'bench-disp' },
  handler: { role: 'handler', unit: LEAD, sub: 'bench-h' },
  leader: { role: 'unit_leader', unit: LEAD, sub: 'bench-l' },
  reviewer: { role: 'reviewer', unit: LEAD, sub: 'bench-r' },
  followUp: { role: 'follow_up', sub: 'bench-fu' },
  admin: { role: 'admin', sub: 'bench-admin' },
};
export type Person = keyof typeof people;
export const actorOf = (p: Person): Actor => ({
  id: people[p].sub,
  name: p,
  role: people[p].role,
  ...(people[p].unit ? { unit: people[p].unit } : {}),
});

export function intakeBody(i = 0): Record<string, unknown> {
  return {
    channel: 'phone',
    requestType: 'complaint',
    citizen: { name: '张三', phone: '13812345678' },
    category: 'PROPERTY_MANAGEMENT',
    description: `小区电梯长期故障，物业不维修（压测 ${i}）`,
    location: { district: 'JB', street: 'JB-BJ', address: '北街1号' },
  };
}

export const replyBody = {
  content: '已现场核实并督促物业维修电梯，已恢复运行。',
  handlerName: '李承办',
  handlerPhone: '0431-88886666',
  solved: true,
};

export class BenchStack {
  devServer?: DevServer;
  postgresTemporal?: PostgresTemporal;
  /** The worker processes beyond the first (`workers`). */
  moreWorkers: CompiledChild[] = [];
  address!: string;
  smtp = new LoopbackSmtp({ countOnly: true });
  postgres?: TestPostgres;
  node?: CompiledChild;
  apiNode?: CompiledChild;
  apiUrl!: string;
  connection!: Connection;
  client!: Client;
  http!: HttpClient;
  readonly secret = randomBytes(24).toString('base64url');
  readonly taskQueue: string;
  private readonly tokens = new Map<Person, string>();
  private databaseUrl?: string;
  readonly catalog = loadCatalog();
  /** The seed's rules (no overrides per category there, so one copy serves every ticket). */
  readonly rules: TicketRules = rulesFor(loadRules({ HOTLINE_FOLLOW_UP_PROVIDER: 'manual' }), { category: 'WATER_OUTAGE' });
  readonly calendar = loadCalendarFromEnv();
  private nodeStarts = 0;

  constructor(readonly o: StackOptions) {
    this.taskQueue = o.taskQueue ?? TASK_QUEUE;
  }

  get dbFile(): string {
    return path.join(this.o.dir, 'temporal.sqlite');
  }

  /** Settings named with the figures. */
  settings() {
    return {
      temporal: this.o.temporalAddress
        ? `external ${this.o.temporalAddress}`
        : this.o.temporal === 'postgres'
          ? 'Temporal server built from source on PostgreSQL, 4 history shards'
          : 'dev server (temporal CLI), SQLite file',
      sqlitePragmas: this.o.temporalAddress || this.o.temporal === 'postgres' ? undefined : (this.o.pragmas ?? sqlitePragmas),
      dynamicConfig: this.o.dynamicConfig ?? {},
      workerTuning: this.o.tuning ?? `worker defaults: a cache of ${TICKET_CACHE_SIZE} tickets (worker/cache-size.ts), SDK defaults otherwise`,
      topology: this.o.split ? `${this.o.workers ?? 1} worker process(es) and the API in another` : 'worker and API in one process (as npm start)',
      ledger: this.o.ledger === 'postgres' ? 'PostgreSQL (throwaway cluster)' : 'PGlite (embedded, as npm start)',
      mail: 'SMTP sink on loopback',
    };
  }

  async start(log: (m: string) => void = console.log): Promise<this> {
    fs.mkdirSync(this.o.dir, { recursive: true });
    if (this.o.temporalAddress) this.address = this.o.temporalAddress;
    else if (this.o.temporal === 'postgres') {
      log(`  Temporal server on PostgreSQL: ${this.o.dir}`);
      this.postgresTemporal = await new PostgresTemporal(this.o.dir).start();
      this.address = this.postgresTemporal.address;
    } else {
      const cliPath = await ensureTemporalCli(log);
      log(`  dev server: ${this.dbFile}`);
      this.devServer = await startDevServer({
        cliPath,
        dbFile: this.dbFile,
        port: await freePort(),
        pragmas: this.o.pragmas,
        dynamicConfig: this.o.dynamicConfig,
      });
      this.address = this.devServer.address;
    }
    await this.smtp.start();
    if (this.o.ledger === 'postgres') {
      this.postgres = await startPostgres();
      this.databaseUrl = await this.postgres.createDatabase(`bench_${process.pid}`);
    }
    this.connection = await Connection.connect({ address: this.address });
    // Payloads encrypted as in production; the nodes (one or split) read the same key ring file.
    this.client = new Client({ connection: this.connection, dataConverter: payloadEncryption(testKeyRing()).dataConverter });
    log(`  node${this.o.split ? 's' : ''}: bundling the workflows and starting…`);
    await this.startNodes();
    this.http = new HttpClient(this.apiUrl, this.o.maxSockets ?? 256);
    return this;
  }

  private nodeEnv(role: string, port: number, n = 0): Record<string, string | undefined> {
    return {
      TEMPORAL_ADDRESS: this.address,
      TEMPORAL_TASK_QUEUE: this.taskQueue,
      PORT: String(port),
      HOTLINE_DATA_DIR: path.join(this.o.dir, `data-${role}${n || ''}`),
      HOTLINE_PAYLOAD_KEYS: writeKeyRingFile(this.o.dir, testKeyRing()),
      HOTLINE_JWT_SECRET: this.secret,
      SMTP_URL: this.smtp.url,
      DATABASE_URL: this.databaseUrl ?? '',
      HOTLINE_FOLLOW_UP_PROVIDER: 'manual',
      HOTLINE_LOG_LEVEL: 'ERROR',
      BENCH_ROLE: role,
      BENCH_PLAINTEXT: this.o.plaintextPayloads ? '1' : '',
      BENCH_TUNING: this.o.tuning ? JSON.stringify(this.o.tuning) : '',
    };
  }

  private async spawnNode(role: 'both' | 'worker' | 'api', n = 0): Promise<CompiledChild> {
    this.nodeStarts += 1;
    return spawnCompiled('bench/node.ts', {
      env: this.nodeEnv(role, await freePort(), n),
      ready: /^BENCH-READY /,
      logFile: path.join(this.o.dir, `node-${role}-${this.nodeStarts}.log`),
      timeoutMs: 180_000,
      // e.g. BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" to profile the node
      nodeArgs: process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean),
    });
  }

  private async startNodes(): Promise<void> {
    if (this.o.split) {
      [this.node, this.apiNode, ...this.moreWorkers] = await Promise.all([
        this.spawnNode('worker'),
        this.spawnNode('api'),
        ...Array.from({ length: (this.o.workers ?? 1) - 1 }, (_, i) => this.spawnNode('worker', i + 1)),
      ]);
      this.apiUrl = JSON.parse(this.apiNode.readyLine.replace(/^BENCH-READY /, '')).url;
    } else {
      this.node = await this.spawnNode('both');
      this.apiUrl = JSON.parse(this.node.readyLine.replace(/^BENCH-READY /, '')).url;
    }
  }

  /**
   * Stops the worker's process and starts a new one (empty workflow cache). In the one-process
   * topology the API restarts with it (on a new port; the HTTP client follows).
   */
  async restartWorker(): Promise<{ readyMs: number }> {
    await this.node!.stop();
    const t0 = performance.now();
    if (this.o.split) this.node = await this.spawnNode('worker');
    else {
      this.node = await this.spawnNode('both');
      this.apiUrl = JSON.parse(this.node.readyLine.replace(/^BENCH-READY /, '')).url;
      this.http.close();
      this.http = new HttpClient(this.apiUrl, this.o.maxSockets ?? 256);
    }
    return { readyMs: performance.now() - t0 };
  }

  /** Stops every node and starts them again, with or without the payload codec (bench/codec.ts). */
  async restartNodes(o: { plaintextPayloads: boolean }): Promise<void> {
    await Promise.all([this.node?.stop(), this.apiNode?.stop(), ...this.moreWorkers.map((w) => w.stop())]);
    this.o.plaintextPayloads = o.plaintextPayloads;
    await this.startNodes();
    this.http.close();
    this.http = new HttpClient(this.apiUrl, this.o.maxSockets ?? 256);
  }

  pids(): Record<string, number | undefined> {
    return {
      devServer: this.devServer?.process.pid,
      temporalServer: this.postgresTemporal?.server?.pid,
      temporalPostgres: this.postgresTemporal?.pg?.pid(),
      ledgerPostgres: this.postgres?.pid(),
      [this.o.split ? 'worker' : 'node']: this.node?.pid,
      ...Object.fromEntries(this.moreWorkers.map((w, i) => [`worker${i + 2}`, w.pid])),
      ...(this.o.split ? { api: this.apiNode?.pid } : {}),
      bench: process.pid,
    };
  }

  async token(p: Person): Promise<string> {
    let t = this.tokens.get(p);
    if (!t) {
      const { sub, role, unit } = people[p];
      t = await signToken(this.secret, { sub, name: p, role, ...(unit ? { unit } : {}) }, '6h');
      this.tokens.set(p, t);
    }
    return t;
  }

  /** POST/GET as a person; throws unless the answer is `expect`. */
  async call(p: Person, method: string, url: string, body?: unknown, expect: number | number[] = [200, 201]): Promise<any> {
    const res = await this.http.request(method, url, body, { authorization: `Bearer ${await this.token(p)}` });
    const ok = Array.isArray(expect) ? expect.includes(res.status) : res.status === expect;
    if (!ok) throw new Error(`${method} ${url.replace(/\d{8}-\d{7}/, '{id}')} → ${res.status} ${JSON.stringify(res.body).slice(0, 120)}`);
    return res.body;
  }

  act(p: Person, id: string, action: string, body: unknown = {}): Promise<any> {
    return this.call(p, 'POST', `/api/v1/tickets/${id}/actions/${action}`, body, 200);
  }

  /** The TicketInput the API builds for an intake (api/intake.ts without an Idempotency-Key). */
  ticketInput(body: unknown, id?: string, rules: TicketRules = this.rules): TicketInput {
    const intake = intakeSchema.parse(body);
    const now = new Date();
    return {
      id: id ?? randomTicketId(now),
      intake,
      registeredAt: now.toISOString(),
      registeredBy: actorOf('operator'),
      rules,
      calendar: calendarFrom(this.calendar, now),
      directDispatch: directDispatchTarget(this.catalog, intake.category, intake.location.district),
    };
  }

  /** `client.workflow.start` of the ticket workflow, as TicketStore.start does (a taken number is drawn again). */
  async startRaw(input: TicketInput): Promise<string> {
    for (let attempt = 0; ; attempt++) {
      try {
        await this.client.workflow.start<typeof ticket>(WORKFLOW_TYPE, {
          taskQueue: this.taskQueue,
          workflowId: input.id,
          args: [input],
          memo: {},
          workflowIdConflictPolicy: WorkflowIdConflictPolicy.FAIL,
          workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
        });
        return input.id;
      } catch (err) {
        if ((err as Error).name !== 'WorkflowExecutionAlreadyStartedError' || attempt > 15) throw err;
        input = { ...input, id: randomTicketId(new Date()) };
      }
    }
  }

  async count(query: string): Promise<number> {
    return (await this.client.workflow.count(query)).count;
  }

  dbBytes(): { db: number; wal: number } {
    const size = (f: string) => (fs.existsSync(f) ? fs.statSync(f).size : 0);
    return { db: size(this.dbFile), wal: size(`${this.dbFile}-wal`) };
  }

  async stop(): Promise<void> {
    this.http?.close();
    await Promise.allSettled([this.node?.stop(), this.apiNode?.stop(), ...this.moreWorkers.map((w) => w.stop())]);
    await this.connection?.close().catch(() => undefined);
    await this.devServer?.stop();
    await this.postgresTemporal?.close();
    await this.smtp.stop();
    await this.postgres?.stop();
  }
}
