// Real Temporal servers for integration tests: the run's shared dev server (global setup) and a
// fresh time-skipping server (Java test server) per test file.
import { Client, Connection } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { NativeConnection, Runtime, DefaultLogger, Worker } from '@temporalio/worker';
import nodemailer from 'nodemailer';
import { LoopbackSmtp } from './smtp';
import { createActivities, ActivityDeps } from '../../activities';
import { createBulletinActivities } from '../../activities/bulletin';
import type { WorkerActivities } from '../../activities/contract';
import { createLedgerActivities } from '../../ledger/activities';
import type { LedgerActivities } from '../../ledger/contract';
import type { LedgerDb } from '../../ledger/db';
import { openTestLedger } from './ledger';
import { loadCalendar } from '../../config/calendar-source';
import { loadCatalog } from '../../config/catalog-source';
import { directDispatchTarget } from '../../domain/catalog';
import { defaultRules, Intake, TicketInput, TicketRules, Actor } from '../../domain/ticket';
import { timeSkippingServerPath } from '../../platform/temporal-cli';
import { createTicketWorker } from '../../worker/create-worker';
import { ensureSearchAttributes } from '../../worker/search-attributes';
import { WORKFLOW_TYPE } from '../../workflows/messages';
import type { ticket } from '../../workflows/ticket';

let runtimeInstalled = false;
/** Keeps the SDK's own logging to warnings, so test output stays readable. */
export function quietRuntime(): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  Runtime.install({ logger: new DefaultLogger('WARN') });
}

export async function devServer(): Promise<{ client: Client; connection: NativeConnection; close(): Promise<void> }> {
  quietRuntime();
  const address = process.env.HOTLINE_TEST_TEMPORAL_ADDRESS;
  if (!address) throw new Error('HOTLINE_TEST_TEMPORAL_ADDRESS is not set: run through jest (global setup)');
  const conn = await Connection.connect({ address });
  const connection = await NativeConnection.connect({ address });
  return {
    client: new Client({ connection: conn }),
    connection,
    async close() {
      await connection.close();
      await conn.close();
    },
  };
}

export async function timeSkipping(): Promise<TestWorkflowEnvironment> {
  quietRuntime();
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: timeSkippingServerPath() } },
  });
  await ensureSearchAttributes(env.connection, 'default');
  return env;
}

// Ledgers opened lazily by test workers are closed after the test file (after its own afterAll
// hooks have shut the worker down); an open PGlite would keep jest from exiting.
const openedLedgers: Promise<LedgerDb>[] = [];
afterAll(async () => {
  await Promise.allSettled(openedLedgers.splice(0).map(async (db) => (await db).close()));
});

export const TEST_PSEUDONYM_SECRET = 'test-pseudonym-secret-0123456789';

/**
 * Real activities for a test worker: mail to the given SMTP server, and a real ledger (an
 * in-memory PGlite opened on first use unless the test passes its own database).
 */
export function testActivities(smtpUrl: string, overrides: Partial<ActivityDeps> = {}, ledger?: Promise<LedgerDb>): WorkerActivities {
  let db = ledger;
  const openDb = () => {
    if (!db) openedLedgers.push((db = openTestLedger()));
    return db;
  };
  const ledgerActivities = async () => createLedgerActivities(await openDb(), { pseudonymSecret: TEST_PSEUDONYM_SECRET });
  const recordLedger: LedgerActivities['recordLedger'] = async (state) => (await ledgerActivities()).recordLedger(state);
  const countCallerTickets: LedgerActivities['countCallerTickets'] = async (req) => (await ledgerActivities()).countCallerTickets(req);
  const deps: ActivityDeps = {
    mailer: nodemailer.createTransport(smtpUrl),
    catalog: () => loadCatalog(),
    mail: {
      from: 'hotline@test.example',
      supervisionEmail: 'duban@test.example',
      dispatchEmail: 'paidan@test.example',
      publicUrl: 'http://127.0.0.1:3000',
    },
    followUp: { provider: 'manual' },
    ...overrides,
  };
  const recordCommitment: LedgerActivities['recordCommitment'] = async (state) => (await ledgerActivities()).recordCommitment(state);
  return {
    recordLedger,
    recordCommitment,
    countCallerTickets,
    ...createBulletinActivities({ ledger: openDb, mailer: deps.mailer, catalog: deps.catalog, mail: deps.mail }),
    ...createActivities(deps),
  };
}

/**
 * testActivities with the ledger already open, as a worker process opens it at start. Time-skipping
 * tests need this: a ticket's first ledger write is a local activity, and one that has to open the
 * database first would delay the first workflow task, and so every timer the ticket starts in it.
 */
export async function readyTestActivities(smtpUrl: string, overrides: Partial<ActivityDeps> = {}): Promise<WorkerActivities> {
  const ledger = openTestLedger();
  openedLedgers.push(ledger);
  await ledger;
  return testActivities(smtpUrl, overrides, ledger);
}

export function startWorker(
  connection: NativeConnection,
  taskQueue: string,
  activities: WorkerActivities,
  namespace = 'default',
  dataConverter?: DataConverter,
): Promise<Worker> {
  return createTicketWorker({
    connection,
    namespace,
    taskQueue,
    activities,
    dataConverter,
    workflowBundlePath: process.env.HOTLINE_TEST_WORKFLOW_BUNDLE,
  });
}

/** A dev-server client and a ticket worker on `taskQueue`, running until `stop()`. */
export async function devServerWorker(taskQueue: string, activities: WorkerActivities) {
  const { client, connection, close } = await devServer();
  const worker = await startWorker(connection, taskQueue, activities);
  const running = worker.run();
  return {
    client,
    connection,
    worker,
    async stop() {
      worker.shutdown();
      await running;
      await close();
    },
  };
}

/** Polls until `ok` holds (visibility is eventually consistent; a ledger catches up). */
export async function eventually<T>(fn: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (ok(v) || Date.now() > deadline) return v;
    await new Promise((r) => setTimeout(r, 250));
  }
}

export const operator: Actor = { id: 'op-1', name: '受理员甲', role: 'operator' };
export const dispatcher: Actor = { id: 'disp-1', name: '派单员乙', role: 'dispatcher' };
export const supervisor: Actor = { id: 'sup-1', name: '督办员丙', role: 'supervisor' };
export const followUpAgent: Actor = { id: 'fu-1', name: '回访员丁', role: 'follow_up' };
export const handlerOf = (unit: string): Actor => ({ id: `h-${unit}`, name: '承办人', role: 'handler', unit });
export const leaderOf = (unit: string): Actor => ({ id: `l-${unit}`, name: '负责人', role: 'unit_leader', unit });
export const reviewerOf = (unit: string): Actor => ({ id: `r-${unit}`, name: '处室负责人', role: 'reviewer', unit });

let seq = 0;
export function ticketId(prefix = 'T'): string {
  seq += 1;
  return `${prefix}-${Date.now().toString(36)}-${process.pid}-${seq}`;
}

export function intake(overrides: Partial<Intake> = {}): Intake {
  return {
    channel: 'phone',
    requestType: 'complaint',
    citizen: { name: '张三', phone: '13812345678', anonymous: false, followUp: true },
    category: 'PROPERTY_MANAGEMENT',
    description: '小区电梯长期故障，物业不维修',
    location: { district: 'JB', street: 'JB-BJ', address: '北街1号' },
    ...overrides,
  };
}

export function ticketInput(
  id: string,
  registeredAt: Date | undefined,
  overrides: Partial<Intake> = {},
  rules: TicketRules = defaultRules,
): TicketInput {
  const i = intake(overrides);
  const direct = directDispatchTarget(loadCatalog(), i.category, i.location.district);
  return {
    id,
    intake: i,
    registeredAt: registeredAt?.toISOString(),
    registeredBy: operator,
    rules,
    calendar: loadCalendar(),
    directDispatch: direct,
  };
}

export const startTicket = (client: Client, taskQueue: string, input: TicketInput) =>
  client.workflow.start<typeof ticket>(WORKFLOW_TYPE, { taskQueue, workflowId: input.id, args: [input] });

/** A timed rule fires at its deadline: not before it, and within the next workflow task. */
export function expectFiredAt(firedAt: string, deadline: string): void {
  const delay = Date.parse(firedAt) - Date.parse(deadline);
  expect(delay).toBeGreaterThanOrEqual(0);
  expect(delay).toBeLessThan(2_000);
}

/**
 * A test file's time-skipping server with a worker on `taskQueue` and a loopback SMTP server,
 * started before its tests and stopped after them. Read the fields inside tests only.
 */
export function useTimeSkippingWorker(taskQueue: string): { env: TestWorkflowEnvironment; smtp: LoopbackSmtp } {
  const ctx = { smtp: new LoopbackSmtp() } as { env: TestWorkflowEnvironment; smtp: LoopbackSmtp };
  let worker: Worker | undefined;
  let running: Promise<void> | undefined;
  beforeAll(async () => {
    await ctx.smtp.start();
    ctx.env = await timeSkipping();
    worker = await startWorker(ctx.env.nativeConnection, taskQueue, await readyTestActivities(ctx.smtp.url));
    running = worker.run();
  });
  afterAll(async () => {
    worker?.shutdown();
    await running;
    await ctx.env?.teardown();
    await ctx.smtp.stop();
  });
  return ctx;
}
