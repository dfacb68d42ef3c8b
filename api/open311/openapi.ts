// The Open311 routes and the admins' key routes in the OpenAPI document. The GeoReport v2 bodies
// are the spec's own (http://wiki.open311.org/GeoReport_v2), described here, not re-modelled.
import type { OpenAPIRegistry, ResponseConfig } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { open311KeyBodySchema } from '../routes/open311-keys';
import { MAX_DAYS, MAX_RESULTS } from './requests-query';

const formatParams = z.object({ format: z.enum(['json', 'xml']).meta({ description: 'the response format (path extension)' }) });
const doc = (description: string): ResponseConfig => ({
  description,
  content: { 'application/json': { schema: { type: 'string' } }, 'text/xml': { schema: { type: 'string' } } },
});
const errorList = (...statuses: number[]) =>
  Object.fromEntries(statuses.map((s) => [String(s), doc('the spec’s error list: [{ code, description }] / <errors><error>…')]));

export function registerOpen311Paths(registry: OpenAPIRegistry, json: (schema: z.ZodType, description: string) => ResponseConfig): void {
  const tags = ['open311'];
  const get = (path: string, summary: string, extra: Record<string, z.ZodType> = {}, query?: z.ZodObject) =>
    registry.registerPath({
      method: 'get',
      path: `/open311/v2/${path}.{format}`,
      tags,
      summary,
      request: { params: formatParams.extend(extra), ...(query ? { query } : {}) },
      responses: { 200: doc(summary), ...errorList(400, 404, 503) },
    });
  get('discovery', 'Service discovery: this endpoint, its formats and changeset');
  get('services', 'The catalog’s categories as services (metadata true: each takes the attributes of its definition)');
  get('services/{code}', 'A service definition: district, street, request_type, requester_kind', { code: z.string() });
  get(
    'requests',
    `Service requests, newest first, at most ${MAX_RESULTS}; start_date/end_date at most ${MAX_DAYS} days apart (default: the last ${MAX_DAYS} days). No personal data.`,
    {},
    z.object({
      service_request_id: z.string().optional().meta({ description: 'comma-delimited; overrides every other filter' }),
      service_code: z.string().optional().meta({ description: 'comma-delimited' }),
      start_date: z.string().optional().meta({ description: 'w3 date-time with zone' }),
      end_date: z.string().optional().meta({ description: 'w3 date-time with zone' }),
      status: z.string().optional().meta({ description: 'open, closed, or both comma-delimited' }),
    }),
  );
  get('requests/{id}', 'One service request (status open/closed, status_notes in Chinese)', { id: z.string() });
  get('tokens/{id}', 'A token’s service request: requests are created in real time, a token is the request’s own id', { id: z.string() });
  registry.registerPath({
    method: 'post',
    path: '/open311/v2/requests.{format}',
    tags,
    summary: 'Creates a ticket on channel open311 (api_key issued by an admin; a limit per key and minute, 429 past it)',
    request: {
      params: formatParams,
      body: {
        required: true,
        content: { 'application/x-www-form-urlencoded': { schema: { type: 'object', additionalProperties: { type: 'string' } } } },
      },
    },
    responses: { 201: doc('[{ service_request_id, service_notice, account_id }]'), ...errorList(400, 403, 404, 429, 503) },
  });

  const Key = z.object({
    id: z.number().int(),
    client: z.string(),
    createdAt: z.string(),
    createdBy: z.string(),
    revokedAt: z.string().nullable(),
    revokedBy: z.string().nullable(),
  });
  const secured = { security: [{ bearerAuth: [] }], tags };
  registry.registerPath({
    method: 'post',
    path: '/api/v1/open311/keys',
    summary: 'Issues an Open311 api_key for a client system (admin); the key is in this answer only, the ledger keeps its hash',
    ...secured,
    request: { body: { required: true, content: { 'application/json': { schema: open311KeyBodySchema } } } },
    responses: {
      201: json(Key.extend({ key: z.string() }), 'the key, shown once'),
      400: json(z.any(), 'bad body'),
      403: json(z.any(), 'not an admin'),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/v1/open311/keys',
    summary: 'The Open311 keys issued, revoked ones included (admin); never the keys themselves',
    ...secured,
    responses: { 200: json(z.object({ items: z.array(Key) }), 'the keys'), 403: json(z.any(), 'not an admin') },
  });
  registry.registerPath({
    method: 'post',
    path: '/api/v1/open311/keys/{id}/revoke',
    summary: 'Revokes an Open311 key (admin): its client gets 403 from then on',
    ...secured,
    request: { params: z.object({ id: z.string() }) },
    responses: { 200: json(Key, 'the key, revoked'), 403: json(z.any(), 'not an admin'), 404: json(z.any(), 'no such key') },
  });
}
