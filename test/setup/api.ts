// The HTTP API against the run's real dev server, with a worker on a task queue of its own and
// tokens signed with a test secret: what every test/integration/api-*.test.ts starts from.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from '@temporalio/client';
import type { Worker } from '@temporalio/worker';
import request from 'supertest';
import type { ActivityDeps } from '../../activities';
import type { AttachmentConfig } from '../../attachments/config';
import { createApp } from '../../api/app';
import { payloadEncryption } from '../../codec/data-converter';
import type { KeyRing } from '../../codec/key-ring';
import { createHttpServer } from '../../api/http-server';
import type { ApiMetrics } from '../../api/metrics';
import { requestIdClientOptions } from '../../api/temporal-request-id';
import { builtConsoleDir } from '../../api/console-dir';
import type { OidcLogin } from '../../api/routes/dev-login';
import { signToken } from '../../api/auth';
import { loadCalendar } from '../../config/calendar-source';
import { loadCatalog } from '../../config/catalog-source';
import { defaultRules, Intake, Role, TicketRules } from '../../domain/ticket';
import type { RulesFor } from '../../domain/rule-book';
import type { LedgerDb } from '../../ledger/db';
import { openTestLedger } from './ledger';
import { LoopbackSmtp } from './smtp';
import { devServer, startWorker, testActivities } from './temporal';

/** The Web UI origin the test codec server answers CORS for. */
export const TEMPORAL_UI_ORIGIN = 'http://127.0.0.1:8233';

export const TEST_JWT_SECRET = 'test-secret-for-the-hotline-api-0123456789';

export interface Who {
  role: Role;
  unit?: string;
  sub?: string;
  name?: string;
}

export const tokenFor = (who: Who): Promise<string> =>
  signToken(TEST_JWT_SECRET, {
    sub: who.sub ?? `${who.role}-${who.unit ?? 'hotline'}`,
    name: who.name ?? `${who.role}`,
    role: who.role,
    ...(who.unit ? { unit: who.unit } : {}),
  });

export interface ApiHarness {
  client: Client;
  taskQueue: string;
  server: http.Server;
  /** http://127.0.0.1:<port> of the listening server. */
  url: string;
  /** supertest against the listening server. */
  http: () => ReturnType<typeof request>;
  /** `Authorization` header value for a caller. */
  bearer(who: Who): Promise<string>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  /** One ledger for the worker (it records there) and the app (it reads there). */
  ledger?: LedgerDb;
  /** The worker's activity settings (follow-up provider, SMS gateway, …). */
  activities?: Partial<ActivityDeps>;
  callbackSecret?: string;
  ratingSecret?: string;
  /** Encrypt payloads with this key ring (client, worker and the /codec routes), as production does. */
  encryption?: KeyRing;
  /** How intake resolves a ticket's rules: a function of the ticket, or the rules every new ticket gets (default: the engine's). */
  rules?: RulesFor | TicketRules;
  /** Open311 settings (api/open311): the discovery URL, POSTs per api_key and minute. */
  open311?: { publicUrl?: string; postsPerMinute?: number };
  /** 网上诉求 submissions per client address and hour. */
  webSubmitsPerHour?: number;
  /** Serve the built console (dist/console) and its development login, signing with the test secret. */
  console?: boolean;
  /** The console's single sign-on: the provider it signs in with, whose keys the API accepts too. */
  oidc?: OidcLogin & { jwksUrl: string };
  /** Count and time the requests here (api/metrics.ts). */
  metrics?: ApiMetrics;
  /** Where tickets' files are kept (test/setup/attachments.ts); without it the attachment routes answer 503. */
  attachments?: AttachmentConfig;
}

export async function apiHarness(name: string, options: HarnessOptions = {}): Promise<ApiHarness> {
  const smtp = await new LoopbackSmtp().start();
  const dev = await devServer();
  const { connection, close } = dev;
  const encryption = options.encryption && payloadEncryption(options.encryption);
  // As the API process: the request id travels to the workflow in Temporal headers.
  const client = new Client({ connection: dev.client.connection, dataConverter: encryption?.dataConverter, ...requestIdClientOptions });
  const taskQueue = `api-${name}-${process.pid}`;
  // A ledger always: the API shows a full phone number only once the read is recorded there.
  const db = options.ledger ?? (await openTestLedger());
  const ledger = Promise.resolve(db);
  const worker: Worker = await startWorker(
    connection,
    taskQueue,
    testActivities(smtp.url, options.activities, ledger),
    'default',
    encryption?.dataConverter,
  );
  const running = worker.run();
  const catalog = loadCatalog();
  const app = createApp({
    client,
    namespace: 'default',
    taskQueue,
    catalog: () => catalog,
    auth: { secret: TEST_JWT_SECRET, ...(options.oidc ? { jwksUrl: options.oidc.jwksUrl } : {}) },
    rules: typeof options.rules === 'function' ? options.rules : () => (options.rules as TicketRules | undefined) ?? defaultRules,
    calendar: loadCalendar(),
    ledger: db,
    callbackSecret: options.callbackSecret,
    ratingSecret: options.ratingSecret,
    codec: encryption && { codec: encryption.codec, corsOrigins: [TEMPORAL_UI_ORIGIN] },
    open311: options.open311,
    webSubmitsPerHour: options.webSubmitsPerHour,
    metrics: options.metrics,
    attachments: options.attachments,
    ...(options.console ? { consoleDir: builtConsoleDir, devLoginSecret: TEST_JWT_SECRET } : {}),
    ...(options.oidc
      ? { consoleDir: builtConsoleDir, oidc: { issuer: options.oidc.issuer, clientId: options.oidc.clientId, scopes: options.oidc.scopes } }
      : {}),
  });
  const server = createHttpServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const tokens = new Map<string, string>();
  return {
    client,
    taskQueue,
    server,
    url: `http://127.0.0.1:${port}`,
    http: () => request(server),
    async bearer(who) {
      const key = JSON.stringify(who);
      if (!tokens.has(key)) tokens.set(key, await tokenFor(who));
      return `Bearer ${tokens.get(key)}`;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      worker.shutdown();
      await running;
      await close();
      await smtp.stop();
      if (!options.ledger) await db.close();
    },
  };
}

/** The calls a test makes as `who`: an action (answered as is), an action that must succeed (its body), a ticket read. */
export function ticketCalls(api: ApiHarness) {
  const post = async (id: string, who: Who, path: string, body: object = {}) =>
    api
      .http()
      .post(`/api/v1/tickets/${id}/actions/${path}`)
      .set('Authorization', await api.bearer(who))
      .send(body);
  const act = async (id: string, who: Who, path: string, body: object = {}) => {
    const res = await post(id, who, path, body);
    if (res.status !== 200) throw new Error(`${path} as ${who.role}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const get = async (id: string, who: Who) =>
    api
      .http()
      .get(`/api/v1/tickets/${id}`)
      .set('Authorization', await api.bearer(who));
  return { post, act, get };
}

export const PHONE = '13812345678';

export function intakeBody(overrides: Partial<Intake> = {}): Record<string, unknown> {
  return {
    channel: 'phone',
    requestType: 'complaint',
    citizen: { name: '张三', phone: PHONE },
    category: 'PROPERTY_MANAGEMENT',
    description: '小区电梯长期故障，物业不维修',
    location: { district: 'JB', street: 'JB-BJ', address: '北街1号' },
    ...overrides,
  };
}

export const replyBody = {
  content: '已现场核实并督促物业维修电梯，已恢复运行。',
  handlerName: '李承办',
  handlerPhone: '0431-88886666',
  solved: true,
};

export { eventually } from './temporal';

/** Requests as a caller: `post`/`get` answer the raw response, `act` the new state (any other answer than 200 throws). */
export function callerOf(harness: () => ApiHarness) {
  const post = async (path: string, who: Who, body: object = {}) =>
    harness()
      .http()
      .post(path)
      .set('Authorization', await harness().bearer(who))
      .send(body);
  const get = async (path: string, who: Who) =>
    harness()
      .http()
      .get(path)
      .set('Authorization', await harness().bearer(who));
  const act = async (id: string, who: Who, action: string, body: object = {}) => {
    const res = await post(`/api/v1/tickets/${id}/actions/${action}`, who, body);
    if (res.status !== 200) throw new Error(`${action} as ${who.role}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  return { post, get, act };
}

/** Registers a ticket through the API (as an operator unless told) and gives its id. */
export async function registerTicket(
  api: ApiHarness,
  body: Record<string, unknown> = intakeBody(),
  who: Who = { role: 'operator' },
): Promise<string> {
  const res = await api
    .http()
    .post('/api/v1/tickets')
    .set('Authorization', await api.bearer(who))
    .send(body);
  if (res.status !== 201) throw new Error(`intake answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body.id as string;
}
