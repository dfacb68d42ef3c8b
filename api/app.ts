// The HTTP API (express). Routes for ticket actions are generated from the action table.
import express, { Express } from 'express';
import type { Client } from '@temporalio/client';
import type { CalendarData } from '../domain/calendar';
import type { Catalog } from '../domain/catalog';
import type { RulesFor } from '../domain/rule-book';
import { AuthConfig, authenticate, createVerifier, TokenVerifier } from './auth';
import type { ApiContext } from './context';
import { errorHandler, requireJsonBody, unknownRoute } from './errors';
import type { Queryable } from '../ledger/db';
import { actionRoutes } from './routes/actions';
import { callbackRoutes } from './routes/callbacks';
import { catalogRoutes } from './routes/catalog';
import { consoleRoutes } from './routes/console';
import { devLoginRoutes, OidcLogin } from './routes/dev-login';
import { followUpRoutes } from './routes/follow-ups';
import { metaRoutes } from './routes/meta';
import { phoneReadRoutes } from './routes/phone-reads';
import { poolRoutes } from './routes/pool';
import { ratingRoutes } from './routes/rating';
import { statsRoutes } from './routes/stats';
import { ticketRoutes } from './routes/tickets';
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
  /** Deadline of each call to Temporal, ms (default 15 s); past it the API answers 503. */
  temporalTimeoutMs?: number;
  now?: () => Date;
  /** The ledger (ledger/open.ts): statistics and archived tickets; without it those answer 503 / 404. */
  ledger?: Queryable;
  /** HOTLINE_CALLBACK_SECRET: without it the voice callback answers 503. */
  callbackSecret?: string;
  /** The rating links' secret (config/rating-secret.ts): without it the rating page is unavailable. */
  ratingSecret?: string;
  /** The built console (dist/console); without it /console/ says it is not built. */
  consoleDir?: string;
  /** Development mode only (no HOTLINE_JWT_SECRET, no HOTLINE_JWKS_URL): the console's role picker signs with it. */
  devLoginSecret?: string;
  /** The console's single sign-on (OpenID Connect provider, public client id, scopes). */
  oidc?: OidcLogin;
}

export function createApp(deps: ApiDeps): Express {
  const ctx: ApiContext = {
    store: new TicketStore({
      client: deps.client,
      namespace: deps.namespace,
      taskQueue: deps.taskQueue,
      timeoutMs: deps.temporalTimeoutMs ?? 15_000,
    }),
    catalog: deps.catalog,
    rules: deps.rules,
    calendar: deps.calendar,
    now: deps.now ?? (() => new Date()),
    verify: typeof deps.auth === 'function' ? deps.auth : createVerifier(deps.auth),
    ledger: deps.ledger,
    callbackSecret: deps.callbackSecret,
    ratingSecret: deps.ratingSecret,
  };

  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple'); // ?status=a&status=b is an array, never a nested object
  app.use(
    metaRoutes(ctx),
    consoleRoutes(deps.consoleDir, deps.oidc ? [new URL(deps.oidc.issuer).origin] : []),
    devLoginRoutes(ctx, deps.devLoginSecret, deps.oidc),
  );
  // Before the bearer token and the JSON parser: the callback is authenticated by the signature of
  // its raw body, the rating page by its signed link (a form post from a citizen's phone).
  app.use(callbackRoutes(ctx), ratingRoutes(ctx));
  app.use('/api', authenticate(ctx.verify));
  app.use(express.json({ limit: '256kb' }), requireJsonBody);
  app.use(catalogRoutes(ctx), ticketRoutes(ctx), actionRoutes(ctx), followUpRoutes(ctx), statsRoutes(ctx), phoneReadRoutes(ctx), poolRoutes(ctx));
  app.use(unknownRoute);
  app.use(errorHandler);
  return app;
}
