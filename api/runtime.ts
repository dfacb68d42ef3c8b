// The API process's wiring from configuration.
import { AddressInfo } from 'node:net';
import { Client, Connection } from '@temporalio/client';
import { payloadEncryption } from '../codec/data-converter';
import { attachmentConfig } from '../attachments/from-env';
import { loadKeyRing } from '../codec/key-ring';
import { loadCalendarFromEnv } from '../config/calendar-source';
import { loadCatalog } from '../config/catalog-source';
import type { Env } from '../config/env';
import { resolveJwtSecret } from '../config/jwt-secret';
import { resolveRatingSecret } from '../config/rating-secret';
import { loadRules } from '../config/rules-source';
import { rulesFor } from '../domain/rule-book';
import type { LedgerDb } from '../ledger/db';
import { ledgerConfig, sharedLedger } from '../ledger/open';
import { temporalTarget } from '../platform/temporal-connection';
import { createApp } from './app';
import { createHttpServer } from './http-server';
import { builtConsoleDir } from './console-dir';
import { createApiMetrics } from './metrics';
import { startMetricsServer, type MetricsServer } from './metrics-server';
import { requestIdClientOptions } from './temporal-request-id';
import { errorFields, log } from '../platform/log';

/**
 * The configuration files new tickets are built from: the catalog, the calendar and the rules
 * (checked against the catalog's categories). Throws on a bad one, naming the field.
 */
export function loadApiFiles(env: Env) {
  const catalog = loadCatalog(env.HOTLINE_CATALOG);
  return { catalog, calendar: loadCalendarFromEnv(), rules: loadRules(env, catalog) };
}

/** Development mode: no configured secret and no identity provider, the data directory's own secret. */
export const devLogin = (env: Pick<Env, 'HOTLINE_JWT_SECRET' | 'HOTLINE_JWKS_URL'>): boolean => !env.HOTLINE_JWT_SECRET && !env.HOTLINE_JWKS_URL;

/** `payloads`: encrypted always, but for the benchmark's measure of the codec's cost. */
export async function startApi(
  env: Env,
  address?: string,
  payloads: 'encrypted' | 'plaintext' = 'encrypted',
): Promise<{ url: string; metricsUrl?: string; close(): Promise<void> }> {
  const target = temporalTarget(env, address);
  // Fail at start, not on the first request: catalog, calendar, rules, secret.
  const { catalog, calendar, rules } = loadApiFiles(env);
  // With a JWKS URL only the identity provider's tokens count, unless a shared secret is set too.
  const secret = env.HOTLINE_JWKS_URL && !env.HOTLINE_JWT_SECRET ? undefined : resolveJwtSecret(env).secret;
  const ledger = await openApiLedger(env);
  const connection = await Connection.connect(target);
  const keyRing = loadKeyRing(env);
  const { codec, dataConverter } = payloadEncryption(keyRing);
  const client = new Client({
    connection,
    namespace: target.namespace,
    dataConverter: payloads === 'encrypted' ? dataConverter : undefined,
    ...requestIdClientOptions,
  });
  const metrics = env.HOTLINE_METRICS_PORT === undefined ? undefined : createApiMetrics({ ledger: () => ledger });
  const app = createApp({
    client,
    namespace: target.namespace,
    taskQueue: env.TEMPORAL_TASK_QUEUE,
    catalog: () => catalog,
    auth: {
      secret,
      jwksUrl: env.HOTLINE_JWKS_URL,
      issuer: env.HOTLINE_JWT_ISSUER,
      audience: env.HOTLINE_JWT_AUDIENCE,
      maxLifetimeSeconds: env.HOTLINE_JWT_MAX_LIFETIME_HOURS * 3600,
    },
    rules: (ticket) => rulesFor(rules, ticket),
    supervision: rules.supervision,
    calendar,
    ledger,
    callbackSecret: env.HOTLINE_CALLBACK_SECRET,
    ratingSecret: resolveRatingSecret(env).secret,
    codec: { codec, corsOrigins: env.HOTLINE_CODEC_CORS_ORIGINS ?? [] },
    actionsInFlightPerTicket: env.HOTLINE_ACTIONS_IN_FLIGHT_PER_TICKET,
    open311: { publicUrl: env.HOTLINE_PUBLIC_URL, postsPerMinute: env.HOTLINE_OPEN311_RATE_PER_MINUTE },
    webSubmitsPerHour: env.HOTLINE_WEB_SUBMITS_PER_HOUR,
    consoleDir: builtConsoleDir,
    metrics,
    attachments: attachmentConfig(env, keyRing),
    devLoginSecret: devLogin(env) ? secret : undefined,
    ...(env.HOTLINE_OIDC_ISSUER && env.HOTLINE_OIDC_CLIENT_ID
      ? { oidc: { issuer: env.HOTLINE_OIDC_ISSUER, clientId: env.HOTLINE_OIDC_CLIENT_ID, scopes: env.HOTLINE_OIDC_SCOPES } }
      : {}),
  });
  const server = createHttpServer(app, {
    keepAliveTimeoutMs: env.HOTLINE_HTTP_KEEP_ALIVE_MS,
    headersTimeoutMs: env.HOTLINE_HTTP_HEADERS_TIMEOUT_MS,
    requestTimeoutMs: env.HOTLINE_HTTP_REQUEST_TIMEOUT_MS,
    maxConnections: env.HOTLINE_HTTP_MAX_CONNECTIONS,
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(env.PORT, resolve));
  const { port } = server.address() as AddressInfo;
  let metricsServer: MetricsServer | undefined;
  if (metrics && env.HOTLINE_METRICS_PORT !== undefined) {
    metricsServer = await startMetricsServer(metrics.registry, env.HOTLINE_METRICS_HOST, env.HOTLINE_METRICS_PORT);
  }
  return {
    url: `http://127.0.0.1:${port}`,
    metricsUrl: metricsServer?.url,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await metricsServer?.close();
      await connection.close();
    },
  };
}

/**
 * The ledger, shared with a worker of the same process (`npm start`: one PGlite handle). An embedded
 * PGlite that another process holds (`npm run worker` and `npm run api` apart, without
 * DATABASE_URL) cannot be opened: the API then runs without statistics and archived tickets (503),
 * and says so. Production sets DATABASE_URL (PostgreSQL); there a failure stops the start.
 */
async function openApiLedger(env: Env): Promise<LedgerDb | undefined> {
  const cfg = ledgerConfig(env);
  try {
    return await sharedLedger(cfg);
  } catch (err) {
    if (cfg.databaseUrl) throw err;
    log('api').warn(errorFields(err), 'ledger not opened, statistics and archived tickets unavailable');
    return undefined;
  }
}
