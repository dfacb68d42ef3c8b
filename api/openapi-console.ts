// The OpenAPI paths the web console needs beyond the rest of the API: the ticket pool and the
// development login.
import type { OpenAPIRegistry, ResponseConfig } from '@asteasolutions/zod-to-openapi';
import type { z } from 'zod';
import { devTokenRequestSchema, devTokenSchema, loginOptionsSchema } from './dev-login-schemas';
import { poolPageSchema, poolQuerySchema } from './pool-schemas';

interface Helpers {
  json(schema: z.ZodType, description: string): ResponseConfig;
  errors(...statuses: number[]): Record<string, ResponseConfig>;
  secured: { security: { bearerAuth: never[] }[] };
}

export function registerConsolePaths(registry: OpenAPIRegistry, { json, errors, secured }: Helpers): void {
  const page = (path: string, summary: string, responses: Record<string, ResponseConfig>) =>
    registry.registerPath({ method: 'get', path, tags: ['pages'], summary, responses });
  const redirect = (to: string): ResponseConfig => ({ description: `redirect to ${to}`, headers: { Location: { schema: { type: 'string' } } } });
  page('/', 'Redirects to the web console', { 302: redirect('/console/') });
  page('/console/', 'The web console (工作台, zh-CN): its files under /console/assets/; /console redirects here (301)', {
    200: { description: 'the console’s page', content: { 'text/html': { schema: { type: 'string' } } } },
    301: redirect('/console/'),
    ...errors(404),
  });
  registry.registerPath({
    method: 'get',
    path: '/api/v1/pool',
    tags: ['tickets'],
    operationId: 'ticketPool',
    summary: '工单池 — tickets ordered by the deadline running now, from the ledger; handlers and unit leaders see only their unit’s',
    description:
      'Read from the ledger’s per-ticket rows (updated as each change is recorded), ordered by the deadline running in the ticket’s ' +
      'status (dispatchBy, signBy, designateBy, firstContactBy until the first contact, replyBy, followUpBy), soonest first, tickets ' +
      'without one last. Open tickets only unless includeClosed=true. No personal data and no request text. 503 without a ledger.',
    ...secured,
    request: { query: poolQuerySchema },
    responses: { 200: json(poolPageSchema, 'one page'), ...errors(400, 401, 403, 503) },
  });
  registry.registerPath({
    method: 'get',
    path: '/auth/options',
    tags: ['auth'],
    operationId: 'loginOptions',
    summary: 'How the console signs in: in development mode, the roles and units of the picker',
    responses: { 200: json(loginOptionsSchema, 'the options') },
  });
  registry.registerPath({
    method: 'post',
    path: '/auth/dev-token',
    tags: ['auth'],
    operationId: 'devToken',
    summary: 'Development mode only: a short-lived (2 h) token for a role and unit (the console’s login picker)',
    description:
      'Exists only when neither HOTLINE_JWT_SECRET nor HOTLINE_JWKS_URL is set (the embedded stack’s development secret, as `npm run token` ' +
      'uses); otherwise 404. Handlers and unit leaders must name a unit of the catalog.',
    request: { body: { required: true, content: { 'application/json': { schema: devTokenRequestSchema } } } },
    responses: { 200: json(devTokenSchema, 'the token'), ...errors(400, 404, 415) },
  });
}
