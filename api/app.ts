// The HTTP API (express). Routes for ticket actions are generated from the action table.
import express, { Express } from 'express';
import type { Client } from '@temporalio/client';
import type { PayloadCodec } from '@temporalio/common';
import type { CalendarData } from '../domain/calendar';
import { Catalog, findUnit } from '../domain/catalog';
import type { RulesFor } from '../domain/rule-book';
import type { SupervisionRules } from '../domain/ticket';
import { AuthConfig, authenticate, createVerifier, TokenVerifier } from './auth';
import type { ApiContext } from './context';
import { errorHandler, requireJsonBody, unknownRoute } from './errors';
import type { Queryable } from '../ledger/db';
import type { AttachmentConfig } from '../attachments/config';
import { actionRoutes } from './routes/actions';
import { attachmentRoutes } from './routes/attachments';
import { callbackRoutes } from './routes/callbacks';
import { catalogRoutes } from './routes/catalog';
import { bearerIdentity, codecRoutes } from './routes/codec';
import { clearanceRoutes } from './routes/clearance';
import { commitmentRoutes } from './routes/commitments';
import { consoleRoutes } from './routes/console';
import { devLoginRoutes, OidcLogin } from './routes/dev-login';
import { followUpRoutes } from './routes/follow-ups';
import { metaRoutes } from './routes/meta';
import { open311Routes } from './open311';
import { open311KeyRoutes } from './routes/open311-keys';
import { citizenProgressRoutes } from './routes/citizen-progress';
import { citizenSubmitRoutes } from './routes/citizen-submit';
import { phoneReadRoutes } from './routes/phone-reads';
import { poolRoutes } from './routes/pool';
import { ratingRoutes } from './routes/rating';
import { statsRoutes } from './routes/stats';
import { supervisionRoutes } from './routes/supervision';
import { whistleStatsRoutes } from './routes/whistle-stats';
import { ticketRoutes } from './routes/tickets';
import { knowledgeRoutes } from './knowledge/routes';
import { noticeRoutes } from './knowledge/notice-routes';
import { previewRoutes } from './knowledge/preview';
import { ticketStaticSummary } from './ticket-summary';
import { securityHeaders } from './security-headers';
import { refuseUnstorableQuery } from './query-text';
import type { ApiMetrics } from './metrics';
import { observeRequests } from './observe-requests';
import { requestId } from './request-id';
import { TicketStore } from './ticket-store';

export interface ApiDeps {
  client: Client;
  namespace: string;
  taskQueue: string;
  catalog: () => Catalog;
  /** How bearer tokens are verified: HS256 secret and/or JWKS URL, or a verifier of one's own. */
  auth: AuthConfig | TokenVerifier;
  /** The rules (resolved per ticket at intake) and the working-day calendar new tickets start with. */
  rules: RulesFor;
  calendar: CalendarData;
  /** Pattern escalation thresholds (提级督办) every new ticket carries; absent: none. */
  supervision?: SupervisionRules;
  /** Deadline of each call to Temporal, ms (default 15 s); past it the API answers 503. */
  temporalTimeoutMs?: number;
  /** Actions on one ticket in flight at once before 429 (api/ticket-gate.ts; default 4). */
  actionsInFlightPerTicket?: number;
  now?: () => Date;
  /** The ledger (ledger/open.ts): statistics and archived tickets; without it those answer 503 / 404. */
  ledger?: Queryable;
  /** HOTLINE_CALLBACK_SECRET: without it the voice callback answers 503. */
  callbackSecret?: string;
  /** The rating links' secret (config/rating-secret.ts): without it the rating page is unavailable. */
  ratingSecret?: string;
  /** The payload codec: served at /codec for the Temporal Web UI and CLI (admins only). */
  codec?: { codec: PayloadCodec; corsOrigins: readonly string[] };
  /** Open311 GeoReport v2 (/open311/v2): the public URL named in discovery, POSTs per api_key and minute (default 60). */
  open311?: { publicUrl?: string; postsPerMinute?: number };
  /** 网上诉求: submissions per client address and hour (default 5). */
  webSubmitsPerHour?: number;
  /** The built console (dist/console); without it /console/ says it is not built. */
  consoleDir?: string;
  /** Development mode only (no HOTLINE_JWT_SECRET, no HOTLINE_JWKS_URL): the console's role picker signs with it. */
  devLoginSecret?: string;
  /** The console's single sign-on (OpenID Connect provider, public client id, scopes). */
  oidc?: OidcLogin;
  /** Where requests are counted and timed (api/metrics.ts); every request is logged either way. */
  metrics?: ApiMetrics;
  /** Where tickets' files are kept (attachments/); without it uploads and downloads answer 503. */
  attachments?: AttachmentConfig;
}

export function createApp(deps: ApiDeps): Express {
  const ctx: ApiContext = {
    store: new TicketStore({
      client: deps.client,
      namespace: deps.namespace,
      taskQueue: deps.taskQueue,
      timeoutMs: deps.temporalTimeoutMs ?? 15_000,
      summaryOf: (input) => ticketStaticSummary(input, deps.catalog()),
      actionsInFlightPerTicket: deps.actionsInFlightPerTicket,
    }),
    catalog: deps.catalog,
    rules: deps.rules,
    calendar: deps.calendar,
    supervision: deps.supervision,
    now: deps.now ?? (() => new Date()),
    verify: typeof deps.auth === 'function' ? deps.auth : createVerifier({ isUnit: (u) => findUnit(deps.catalog(), u) !== undefined, ...deps.auth }),
    ledger: deps.ledger,
    callbackSecret: deps.callbackSecret,
    ratingSecret: deps.ratingSecret,
  };

  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple'); // ?status=a&status=b is an array, never a nested object
  app.use(requestId, observeRequests(deps.metrics), securityHeaders, refuseUnstorableQuery);
  // The console's page sets its own content security policy (its scripts), after the default one.
  app.use(
    metaRoutes(ctx),
    consoleRoutes(deps.consoleDir, deps.oidc ? [new URL(deps.oidc.issuer).origin] : []),
    devLoginRoutes(ctx, deps.devLoginSecret, deps.oidc),
  );
  // Before the bearer token and the JSON parser: the callback is authenticated by the signature of
  // its raw body, the rating page by its signed link (a form post from a citizen's phone).
  app.use(callbackRoutes(ctx), ratingRoutes(ctx));
  // Open311 clients authenticate with an api_key in the form, and read without one.
  app.use(open311Routes(ctx, { publicUrl: deps.open311?.publicUrl, postsPerMinute: deps.open311?.postsPerMinute ?? 60 }));
  // The citizens' own pages (网上诉求, 进度查询): plain form posts from phones.
  app.use(citizenSubmitRoutes(ctx, deps.webSubmitsPerHour ?? 5, deps.attachments), citizenProgressRoutes(ctx));
  if (deps.codec) {
    const { codec, corsOrigins } = deps.codec;
    app.use('/codec', codecRoutes({ codec, corsOrigins, identify: bearerIdentity(ctx.verify), ledger: () => ctx.ledger, now: ctx.now }));
  }
  app.use('/api', authenticate(ctx.verify));
  // Multipart uploads: before the JSON-only body check.
  app.use(attachmentRoutes(ctx, deps.attachments));
  app.use(express.json({ limit: '256kb' }), requireJsonBody);
  // The commitments' routes first: fulfil-commitment goes to the commitment's workflow, not the ticket's.
  app.use(
    catalogRoutes(ctx),
    commitmentRoutes(ctx),
    ticketRoutes(ctx),
    actionRoutes(ctx),
    followUpRoutes(ctx),
    statsRoutes(ctx),
    whistleStatsRoutes(ctx),
    phoneReadRoutes(ctx),
    open311KeyRoutes(ctx),
    poolRoutes(ctx),
  );
  app.use(clearanceRoutes(ctx), supervisionRoutes(ctx));
  app.use(knowledgeRoutes(ctx), noticeRoutes(ctx), previewRoutes(ctx));
  app.use(unknownRoute);
  app.use(errorHandler);
  return app;
}
