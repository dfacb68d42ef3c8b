// The OpenAPI 3 document, generated from the zod schemas (the domain's intake schema, the action
// table, api/schemas.ts) with @asteasolutions/zod-to-openapi. One path per action row, so the
// document lists exactly what the generated routes accept.
import { OpenAPIRegistry, OpenApiGeneratorV3, ResponseConfig } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { ActionName, actionNames, actions, hotlinePhoneRoles, newIntakeSchema, roles } from '../domain/ticket';
import { httpStatusOf, ErrorCode } from './errors';
import { registerOpen311Paths } from './open311/openapi';
import { registerCitizenPaths } from './citizen/openapi';
import {
  catalogViewSchema,
  errorSchema,
  healthSchema,
  idempotencyHeaders,
  listQuerySchema,
  suggestionQuerySchema,
  suggestionSchema,
  ticketIdParams,
  ticketListSchema,
  ticketViewSchema,
} from './schemas';
import { voiceCallbackSchema } from '../follow-up/signature';
import {
  callbackResultSchema,
  followUpQueueQuerySchema,
  followUpQueueSchema,
  ratingFormFields,
  ratingTokenParams,
  signatureHeaders,
} from './follow-up-schemas';
import { followUpQueueRoles } from './routes/follow-ups';
import { clearanceQuerySchema, clearanceRegisterSchema } from './clearance-schemas';
import { phoneReadPageSchema, phoneReadQuerySchema } from './phone-read-schemas';
import { phoneReadRoles } from './routes/phone-reads';
import { commitmentPageSchema, commitmentQuerySchema, commitmentViewSchema } from './commitment-schemas';
import { FULFIL_COMMITMENT_PATH } from './routes/commitments';
import { fulfilSchema } from '../domain/commitment/decide';
import {
  hotlineQuerySchema,
  hotlineReportSchema,
  hotspotsSchema,
  MAX_PERIOD_DAYS,
  monthQuerySchema,
  rankingSchema,
  unitStatsQuerySchema,
  unitStatsReportSchema,
  whistleStatsSchema,
} from './stats-schemas';
import { supervisionRoles } from './routes/supervision';
import { supervisionPageSchema, supervisionQuerySchema } from './supervision-schemas';
import { hotspotRoles, statsRoles } from './stats-scope';
import { registerAttachmentPaths } from './openapi-attachments';
import { registerConsolePaths } from './openapi-console';
import { registerKnowledgePaths } from './knowledge/openapi';
import { labelRequestFields } from './openapi-labels';

export const API_VERSION = '1.0.0';
export type OpenAPIObject = ReturnType<OpenApiGeneratorV3['generateDocument']>;

const errorText: Partial<Record<number, string>> = {
  400: 'invalid JSON, body or query (`details` names each field and why)',
  401: 'missing or invalid bearer token',
  403: 'the role or unit may not do this',
  404: 'unknown ticket or action, or a ticket the caller’s unit is not on (handlers and unit leaders)',
  409: 'not allowed in the ticket’s current status (the message says the status and why); nothing changed',
  413: 'a file, or a ticket’s files together, over the limit',
  415: 'the body is not application/json (multipart/form-data for a file), or a file’s content is not a type its kind accepts',
  429: 'too_many_requests: the ticket is busy with other actions (retry after `Retry-After` seconds), or the caller’s notes on this ticket are used up (no Retry-After)',
  503: 'Temporal (or the worker) is unavailable',
};

const pascal = (s: string) => s[0]!.toUpperCase() + s.slice(1);

/**
 * The component schemas, named with zod's own `.meta({ id })` (a copy of each schema: the domain's
 * are not touched). Made once: zod's registry refuses an id twice.
 */
const components = (() => {
  const named = <S extends z.ZodType>(id: string, schema: S): S => schema.meta({ id }) as S;
  return {
    ErrorBody: named('Error', errorSchema),
    Ticket: named('Ticket', ticketViewSchema),
    Intake: named('Intake', newIntakeSchema),
    TicketList: named('TicketList', ticketListSchema),
    CatalogView: named('Catalog', catalogViewSchema),
    Health: named('Health', healthSchema),
    VoiceCallback: named('VoiceCallback', voiceCallbackSchema),
    CallbackResult: named('CallbackResult', callbackResultSchema),
    FollowUpQueue: named('FollowUpQueue', followUpQueueSchema),
    RatingForm: named('RatingForm', ratingFormFields),
    UnitStatsReport: named('UnitStatsReport', unitStatsReportSchema),
    Ranking: named('Ranking', rankingSchema),
    Hotspots: named('Hotspots', hotspotsSchema),
    inputs: Object.fromEntries(actionNames.map((a) => [a, named(`${pascal(a)}Input`, actions[a].schema as z.ZodType)])) as Record<
      ActionName,
      z.ZodType
    >,
  };
})();

export function buildOpenApiDocument(): OpenAPIObject {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description:
      'claims: sub, name, role (' +
      Object.keys(roles)
        .filter((r) => r !== 'system')
        .join(', ') +
      '), unit (a catalog unit, required for handler and unit_leader), exp (required; at most HOTLINE_JWT_MAX_LIFETIME_HOURS after iat), iss and aud when configured',
  });
  registry.registerComponent('securitySchemes', 'hotlineSignature', {
    type: 'apiKey',
    in: 'header',
    name: 'X-Hotline-Signature',
    description: '`t=<unix seconds>,v1=<hex HMAC-SHA256 over "<t>.<raw body>">` with HOTLINE_CALLBACK_SECRET; at most 5 minutes off',
  });
  const { ErrorBody, Ticket, Intake, TicketList, CatalogView, Health } = components;

  const json = (schema: z.ZodType, description: string, headers?: ResponseConfig['headers']): ResponseConfig => ({
    description,
    ...(headers ? { headers } : {}),
    content: { 'application/json': { schema } },
  });
  const errors = (...statuses: number[]) => Object.fromEntries(statuses.map((s) => [String(s), json(ErrorBody, errorText[s] ?? 'error')]));
  const secured = { security: [{ bearerAuth: [] }] };

  registry.registerPath({
    method: 'get',
    path: '/healthz',
    tags: ['meta'],
    summary: 'Liveness: the process is up',
    responses: { 200: json(Health, 'up') },
  });
  registry.registerPath({
    method: 'get',
    path: '/readyz',
    tags: ['meta'],
    summary: 'Readiness: Temporal is reachable',
    responses: { 200: json(Health, 'ready'), ...errors(503) },
  });
  registry.registerPath({
    method: 'get',
    path: '/openapi.json',
    tags: ['meta'],
    summary: 'This document',
    responses: { 200: { description: 'OpenAPI 3 document', content: { 'application/json': { schema: { type: 'object' } } } } },
  });
  registry.registerPath({
    method: 'get',
    path: '/docs',
    tags: ['meta'],
    summary: 'Browsable documentation of this API',
    responses: { 200: { description: 'HTML page', content: { 'text/html': { schema: { type: 'string' } } } } },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/v1/catalog',
    tags: ['catalog'],
    summary: 'The dispatch catalog (派单目录): categories, districts and streets, units',
    ...secured,
    responses: { 200: json(CatalogView, 'the catalog'), ...errors(401) },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/v1/catalog/suggested-unit',
    tags: ['catalog'],
    summary: '派单建议 — the unit a dispatcher is offered first: 镇街直办 categories go to the street office of the street',
    ...secured,
    request: { query: suggestionQuerySchema },
    responses: { 200: json(suggestionSchema, 'the suggestion'), ...errors(400, 401) },
  });
  registry.registerPath({
    method: 'post',
    path: '/api/v1/tickets',
    tags: ['tickets'],
    operationId: 'intake',
    summary: '受理 — register a request as a new ticket (roles: operator, admin)',
    description:
      'Category, district and street must be in the catalog. With an `Idempotency-Key`, a retry returns the same ticket: ' +
      '201 for the request that created it, 200 with `Idempotent-Replayed: true` for every retry; the same key with a ' +
      'different body answers 409 idempotency_conflict. Ticket numbers are `YYYYMMDD-NNNNNNN` (Beijing date).',
    ...secured,
    request: { headers: idempotencyHeaders, body: { required: true, content: { 'application/json': { schema: Intake } } } },
    responses: {
      201: json(Ticket, 'created', z.object({ Location: z.string().meta({ description: '/api/v1/tickets/{id}' }) })),
      200: json(
        Ticket,
        'a retry with the same Idempotency-Key: the ticket it created',
        z.object({
          Location: z.string(),
          'Idempotent-Replayed': z.literal('true'),
        }),
      ),
      ...errors(400, 401, 403, 409, 415, 503),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/v1/tickets',
    tags: ['tickets'],
    operationId: 'listTickets',
    summary: 'List tickets (Temporal visibility), filtered; handlers and unit leaders see only their unit’s',
    description:
      'Order: Temporal visibility order — open tickets newest first, then closed tickets most recently closed first. ' +
      'Summaries come from search attributes and the memo only (no personal data).',
    ...secured,
    request: { query: listQuerySchema },
    responses: { 200: json(TicketList, 'one page'), ...errors(400, 401, 403, 503) },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/v1/tickets/{id}',
    tags: ['tickets'],
    operationId: 'getTicket',
    summary: 'A ticket’s state',
    description: `The citizen’s phone is in full for ${hotlinePhoneRoles.join(', ')} and for the handlers and unit leaders of the lead and co-units (they call the citizen, R4), unless the citizen asked for confidentiality (保密: units see it masked, the hotline relays contact); masked for everyone else. Every full read is recorded (GET /api/v1/phone-reads). Handlers and unit leaders read only tickets their unit leads or co-handles. When Temporal no longer has the workflow (past retention, deleted), the ledger’s copy is returned with \`archived: true\` (no names or phone numbers); 404 only when neither has it.`,
    ...secured,
    request: { params: ticketIdParams },
    responses: { 200: json(Ticket, 'the ticket'), ...errors(401, 403, 404, 503) },
  });

  registry.registerPath({
    method: 'get',
    path: '/api/v1/follow-ups',
    tags: ['follow-up'],
    operationId: 'followUpQueue',
    summary: `回访队列 — tickets waiting for a follow-up call, with whom to call (roles: ${followUpQueueRoles.join(', ')})`,
    description:
      'Tickets in status follow_up (Temporal visibility, this deployment’s task queue), each with its state read for the queue ' +
      '(manual: automated calls exhausted or none configured; auto: calls still running) and the requesters still to be called ' +
      'in this round, phone numbers in full. One page of visibility per request, filtered by queue: a page may hold fewer ' +
      'items than pageSize; follow nextPageToken to the end.',
    ...secured,
    request: { query: followUpQueueQuerySchema },
    responses: { 200: json(components.FollowUpQueue, 'one page'), ...errors(400, 401, 403, 503) },
  });
  registry.registerPath({
    method: 'post',
    path: '/api/v1/callbacks/voice',
    tags: ['follow-up'],
    operationId: 'voiceCallback',
    summary: 'The automated call provider reports a follow-up call’s result (signed; no bearer token)',
    description:
      'The signature over the raw body is checked first: 401 bad_signature and nothing changes. An answered call runs the ticket’s ' +
      '`followUp` Update as the system (actor voice-provider) for `requester`; with `round`, a result of another round is refused (409). ' +
      'no_answer / refused answer 202 and change nothing: the workflow’s next attempt, the manual queue and the unreachable rule ' +
      'take over. A repeated answered callback is refused by the workflow (409). 503 not_configured without HOTLINE_CALLBACK_SECRET.',
    security: [{ hotlineSignature: [] }],
    request: { headers: signatureHeaders, body: { required: true, content: { 'application/json': { schema: components.VoiceCallback } } } },
    responses: {
      200: json(components.CallbackResult, 'recorded: the rating was applied'),
      202: json(components.CallbackResult, 'accepted: nobody rated (no_answer, refused); nothing changed'),
      ...errors(400, 404, 409, 503),
      401: json(ErrorBody, 'bad_signature: missing, malformed, expired (more than 5 minutes off) or not matching the body'),
    },
  });
  const html = (description: string): ResponseConfig => ({ description, content: { 'text/html': { schema: { type: 'string' } } } });
  const ratingPages = {
    200: html('the rating form (GET), the thank-you page (POST), or “该评价链接已使用”'),
    404: html('invalid link'),
    410: html('expired link'),
    503: html('rating links not configured, or Temporal unavailable'),
  };
  registry.registerPath({
    method: 'get',
    path: '/rate/{token}',
    tags: ['pages'],
    summary: 'Citizens’ rating page of the `link` follow-up provider (HTML, no script)',
    description:
      'Shows the request (description, category, district) and the unit’s reply (content, handler and phone) and asks 满意 / 基本满意 / 不满意 ' +
      'and 已解决 / 未解决. The token is the SMS link’s; a link is used once its requester is no longer pending in its round.',
    request: { params: ratingTokenParams },
    responses: ratingPages,
  });
  registry.registerPath({
    method: 'post',
    path: '/rate/{token}',
    tags: ['pages'],
    summary: 'Submits the rating form: the ticket’s `followUp` Update as the system (actor rating-link)',
    request: {
      params: ratingTokenParams,
      body: { required: true, content: { 'application/x-www-form-urlencoded': { schema: components.RatingForm } } },
    },
    responses: { ...ratingPages, 400: html('the form again, saying what is missing') },
  });

  const csvOr = (schema: z.ZodType, description: string): ResponseConfig => ({
    description: `${description}; with format=csv a CSV file (UTF-8 with BOM, Chinese headers, Content-Disposition attachment)`,
    content: { 'application/json': { schema }, 'text/csv': { schema: { type: 'string' } } },
  });
  const ledgerErrors = { ...errors(400, 401, 403), 503: json(ErrorBody, 'ledger_unavailable: this API has no ledger, or the database failed') };
  registry.registerPath({
    method: 'get',
    path: '/api/v1/stats/units',
    tags: ['statistics'],
    operationId: 'unitStats',
    summary: `三率 and the other figures per handling unit for a period (roles: ${statsRoles.join(', ')})`,
    description:
      'Counted per assignment (one dispatch of a ticket to a lead unit), in the period of the Beijing date it was dispatched to ' +
      `that unit; at most ${MAX_PERIOD_DAYS} days. Definitions: docs/STATISTICS.md. Unit leaders see their own unit only (unit defaults to it).`,
    ...secured,
    request: { query: unitStatsQuerySchema },
    responses: { 200: csvOr(components.UnitStatsReport, 'per unit and the total'), ...ledgerErrors },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/v1/stats/hotline',
    tags: ['statistics'],
    operationId: 'hotlineStats',
    summary: `The dispatch desk's figures: on-time dispatch and more, charged to the hotline, not to units (roles: ${hotspotRoles.join(', ')})`,
    description: `Counted per ticket, in the period of the Beijing date it was registered; at most ${MAX_PERIOD_DAYS} days. Definitions: docs/STATISTICS.md.`,
    ...secured,
    request: { query: hotlineQuerySchema },
    responses: { 200: csvOr(hotlineReportSchema, 'the figures of the period'), ...ledgerErrors },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/v1/stats/ranking',
    tags: ['statistics'],
    operationId: 'ranking',
    summary: `月排名 — the monthly ranking of units, last places and their measures (roles: ${statsRoles.join(', ')})`,
    description:
      'Streets among streets, departments among the 15 with most tickets (seed 002). Unit leaders see the whole table, with the ' +
      'details (tickets received, volume ranks, last-place streak, measure, figures) on their own row only.',
    ...secured,
    request: { query: monthQuerySchema },
    responses: { 200: csvOr(components.Ranking, 'the ranking'), ...ledgerErrors },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/v1/stats/hotspots',
    tags: ['statistics'],
    operationId: 'hotspots',
    summary: `热点分析 — the month’s top categories, districts and streets, and clusters (roles: ${hotspotRoles.join(', ')})`,
    description: 'By registration month (Beijing), merged tickets not counted again; change from the month before.',
    ...secured,
    request: { query: monthQuerySchema },
    responses: { 200: csvOr(components.Hotspots, 'the hotspots'), ...ledgerErrors },
  });

  registry.registerPath({
    method: 'get',
    path: '/api/v1/clearance',
    tags: ['statistics'],
    operationId: 'clearance',
    summary: `动态清零 — the month’s register of unresolved and unsatisfied tickets per unit (roles: ${statsRoles.join(', ')})`,
    description:
      'Tickets whose follow-up found the citizen unsatisfied or the problem unresolved (also closed “satisfied but unresolved”), open ' +
      'during the month: when each entered, who answered for it, when it was cleared. Definitions: docs/STATISTICS.md. Unit leaders see their own unit only. ' +
      'JSON: every unit’s counts and one page of entries (keyset: follow nextCursor); CSV: every entry of the month, streamed.',
    ...secured,
    request: { query: clearanceQuerySchema },
    responses: { 200: csvOr(clearanceRegisterSchema.meta({ id: 'ClearanceRegister' }), 'the register'), ...ledgerErrors },
  });

  registry.registerPath({
    method: 'get',
    path: '/api/v1/supervision',
    tags: ['supervision'],
    operationId: 'supervision',
    summary: `提级督办 — tickets escalated by pattern, latest first (roles: ${supervisionRoles.join(', ')})`,
    description:
      'Seed 004: 多人一诉 (many requesters on one ticket), 一人多诉 (one caller, many tickets in a window: counted by a keyed pseudonym ' +
      'of the phone, which is never returned), 久拖不决 (open too long), 多次重办不满意 (re-handled again and again); thresholds from the ' +
      'rules file’s `supervision` block. `reason` keeps tickets escalated for that pattern. A page may end early; `nextPageToken` continues it.',
    ...secured,
    request: { query: supervisionQuerySchema },
    responses: { 200: json(supervisionPageSchema.meta({ id: 'SupervisionPage' }), 'the escalated tickets'), ...ledgerErrors },
  });

  registry.registerPath({
    method: 'get',
    path: '/api/v1/phone-reads',
    tags: ['audit'],
    operationId: 'phoneReads',
    summary: `电话号码查阅记录 — who read citizens’ phone numbers in full, newest first (roles: ${phoneReadRoles.join(', ')})`,
    description:
      'Personal Information Protection Law: every answer that showed a full number (GET of a ticket, intake, an action’s answer, the ' +
      'follow-up queue) is recorded first: who, role, unit, ticket, when, which operation. No number is kept. `from`/`to`: Beijing dates, included.',
    ...secured,
    request: { query: phoneReadQuerySchema },
    responses: { 200: json(phoneReadPageSchema, 'the reads'), ...ledgerErrors },
  });

  registry.registerPath({
    method: 'get',
    path: '/api/v1/stats/whistles',
    tags: ['statistics'],
    operationId: 'whistleStats',
    summary: `吹哨统计 — whistles (R17) per street in a period, most first (roles: ${statsRoles.join(', ')}; unit leaders: their own unit)`,
    ...secured,
    request: { query: unitStatsQuerySchema },
    responses: { 200: csvOr(whistleStatsSchema, 'whistles per street'), ...ledgerErrors },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/v1/commitments',
    tags: ['commitments'],
    operationId: 'commitments',
    summary: '承诺事项登记台账 — the commitments of signed-off replies, soonest due first',
    description:
      'R6 (seed 002 承诺事项要登记在册，后续跟踪推进): handlers and unit leaders see their own unit’s (another `unit` is 403), the hotline’s roles all. ' +
      'A commitment is reminded before its date, flagged `overdue` after it, and `fulfilled` by the unit’s fulfil-commitment action.',
    ...secured,
    request: { query: commitmentQuerySchema },
    responses: { 200: json(commitmentPageSchema, 'the commitments'), ...ledgerErrors },
  });
  registry.registerPath({
    method: 'post',
    path: `/api/v1/tickets/{id}/actions/${FULFIL_COMMITMENT_PATH}`,
    tags: ['commitments'],
    operationId: 'fulfilCommitment',
    summary: '履行承诺 — the unit that promised records what it did (roles: handler, unit_leader of that unit), also after the ticket closed',
    ...secured,
    request: { params: ticketIdParams, body: { content: { 'application/json': { schema: fulfilSchema.meta({ id: 'FulfilCommitmentInput' }) } } } },
    responses: { 200: json(commitmentViewSchema, 'the commitment, fulfilled'), ...errors(400, 401, 403, 404, 409, 503) },
  });
  registerConsolePaths(registry, { json, errors, secured });
  registerKnowledgePaths(registry, { json, errors, secured });
  registerAttachmentPaths(registry, { json, errors, secured });

  for (const name of actionNames) {
    const a = actions[name];
    if ((a as { ownRoute?: boolean }).ownRoute) continue;
    const Input = components.inputs[name];
    const scope =
      a.unitScope === 'lead'
        ? ' Handlers and unit leaders: only for the lead unit.'
        : a.unitScope === 'involved'
          ? ' Handlers and unit leaders: lead or co-handling unit.'
          : '';
    const refs = (a.refs ?? []).map((r) =>
      r.kind === 'ticket' ? `\`${r.field}\` must be an existing open ticket (404/409)` : `\`${r.field}\` must be a catalog ${r.kind}`,
    );
    const checks = [`allowed in status ${a.statuses.join(', ')} (otherwise 409)`, ...refs];
    registry.registerPath({
      method: 'post',
      path: `/api/v1/tickets/{id}/actions/${a.path}`,
      tags: ['actions'],
      operationId: name,
      summary: `${a.label} — ${name} (roles: ${a.roles.join(', ')})`,
      description:
        `Runs the workflow Update \`${name}\` with the caller as actor.${scope}` +
        (checks.length ? ` ${checks.join('; ')}.` : '') +
        ' Answers the new state; its `history` holds the last 10 audit entries, older notes clipped to 200 characters (GET the ticket for the whole trail).',
      // The action table's row, machine-readable: a console can tell when an action applies.
      'x-statuses': a.statuses,
      'x-references': a.refs ?? [],
      ...secured,
      request: { params: ticketIdParams, body: { required: true, content: { 'application/json': { schema: Input } } } },
      responses: { 200: json(Ticket, 'the new state'), ...errors(400, 401, 403, 404, 409, 415, 429, 503) },
    });
  }

  registerOpen311Paths(registry, json);
  registerCitizenPaths(registry);

  const doc = new OpenApiGeneratorV3(registry.definitions).generateDocument({
    openapi: '3.0.3',
    info: {
      title: '12345 接诉即办 — hotline case engine API',
      version: API_VERSION,
      description:
        'Tickets (工单) of a 12345 government service hotline, each one a Temporal workflow. Errors are ' +
        '`{ "error": { "code", "message", "details"? } }` with codes ' +
        (Object.keys(httpStatusOf) as ErrorCode[]).map((c) => `${c} (${httpStatusOf[c]})`).join(', ') +
        '. Every answer carries `X-Request-Id`: the request’s own header when it is 1–64 of `[A-Za-z0-9._:-]`, ' +
        'otherwise a new UUID; the logs of the API, the workflow and its activities carry it.',
    },
    servers: [{ url: '/' }],
    tags: [
      { name: 'tickets', description: 'intake, read, list' },
      { name: 'actions', description: 'one path per row of the action table' },
      { name: 'follow-up', description: 'the follow-up agents’ queue, the voice provider’s callback' },
      { name: 'statistics', description: 'from the ledger: per-unit figures, monthly ranking, hotspots, 动态清零 register' },
      { name: 'supervision', description: '提级督办: tickets escalated by pattern' },
      { name: 'catalog' },
      { name: 'commitments', description: 'R6: the register of commitments and the unit’s fulfil-commitment' },
      { name: 'knowledge', description: '知识库 and 临时公告: articles, versions, search, notices (issue 15)' },
      { name: 'auth', description: 'the web console’s sign-in' },
      { name: 'pages', description: 'HTML pages for citizens' },
      { name: 'open311', description: 'Open311 GeoReport v2 (JSON and XML) and its api_keys' },
      { name: 'meta' },
    ],
  });
  return labelRequestFields(doc);
}

let cached: OpenAPIObject | undefined;
export const openApiDocument = (): OpenAPIObject => (cached ??= buildOpenApiDocument());
