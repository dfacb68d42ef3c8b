// The citizens' pages (网上诉求, 进度查询) in the OpenAPI document: HTML, plain form posts.
import type { OpenAPIRegistry, ResponseConfig } from '@asteasolutions/zod-to-openapi';

const html = (description: string): ResponseConfig => ({ description, content: { 'text/html': { schema: { type: 'string' } } } });
const formBody = (properties: Record<string, string>) => ({
  required: true,
  content: {
    'application/x-www-form-urlencoded': {
      schema: {
        type: 'object' as const,
        properties: Object.fromEntries(Object.entries(properties).map(([k, d]) => [k, { type: 'string' as const, description: d }])),
      },
    },
  },
});

export function registerCitizenPaths(registry: OpenAPIRegistry): void {
  const tags = ['pages'];
  registry.registerPath({
    method: 'get',
    path: '/citizen/request',
    tags,
    summary: '网上诉求 — the form (HTML, no script)',
    responses: { 200: html('the form') },
  });
  registry.registerPath({
    method: 'post',
    path: '/citizen/request',
    tags,
    summary: 'Submits 网上诉求: a ticket on channel web (actor citizen-web); a limit per client address and hour; a honeypot field',
    request: {
      body: formBody({
        requestType: 'consult, help, complaint, report, suggestion',
        category: 'catalog category',
        area: 'district, or district/street',
        address: 'optional',
        description: '5–2000 characters',
        name: 'optional',
        phone: 'mobile or landline with area code',
        website: 'honeypot: must stay empty',
      }),
    },
    responses: {
      201: html('accepted: the ticket number'),
      400: html('the form again with each field’s error, or the honeypot was filled'),
      429: html('too many submissions from this address (HOTLINE_WEB_SUBMITS_PER_HOUR)'),
      503: html('Temporal unavailable'),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/citizen/progress',
    tags,
    summary: '进度查询 — the lookup form (HTML, no script)',
    responses: { 200: html('the form') },
  });
  registry.registerPath({
    method: 'post',
    path: '/citizen/progress',
    tags,
    summary: '进度查询: ticket number + last four digits of a requester’s phone → status, unit, deadlines, the signed-off reply',
    description: 'Five wrong tries (unknown numbers included) lock that ticket’s lookup for an hour, kept in the ledger.',
    request: { body: formBody({ ticket: 'ticket number', phone4: 'last four digits of the phone' }) },
    responses: {
      200: html('the progress'),
      400: html('the form again: missing or malformed fields'),
      404: html('the form again: wrong number or digits, with the tries left'),
      429: html('the lookup of this ticket is locked, and until when'),
      503: html('no ledger, or Temporal unavailable'),
    },
  });
}
