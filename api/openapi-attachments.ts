// The OpenAPI paths of a ticket's files (api/routes/attachments.ts): multipart upload, list, read.
import type { OpenAPIRegistry, ResponseConfig } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { attachmentViewSchema, uploadAnswerSchema, uploadFieldsSchema } from './attachment-schemas';
import { ticketIdParams } from './schemas';

interface Helpers {
  json(schema: z.ZodType, description: string): ResponseConfig;
  errors(...statuses: number[]): Record<string, ResponseConfig>;
  secured: { security: { bearerAuth: never[] }[] };
}

const attachmentParams = ticketIdParams.extend({ attachmentId: z.string().meta({ example: 'att-5f0c2a9e81d4b7c3a602' }) });

export function registerAttachmentPaths(registry: OpenAPIRegistry, { json, errors, secured }: Helpers): void {
  registry.registerPath({
    method: 'post',
    path: '/api/v1/tickets/{id}/attachments',
    tags: ['attachments'],
    operationId: 'attach',
    summary: '添加附件 — a photo, document or recording (multipart: file, kind, step); the `attach` action of the action table',
    description:
      'The type is taken from the file’s content (415 when it is not one the kind accepts: photo JPEG/PNG, document PDF, recording ' +
      'WAV/MP3/AMR/M4A), a photo’s metadata is removed before it is stored (its GPS position is answered as `gps`, never stored), a ' +
      'damaged image is 400, a file or a ticket’s files together over the limit 413. The file is encrypted at rest; the ticket keeps ' +
      'its metadata. Who attaches at which step: operator at intake, handler/unit_leader of the units on the ticket at contact, ' +
      'visit and reply, follow_up at follow-up, admin at any. An Idempotency-Key names one file per ticket: sent again, 200 with ' +
      '`Idempotent-Replayed: true`; another file under it 409.',
    ...secured,
    request: {
      params: ticketIdParams,
      headers: z.object({ 'Idempotency-Key': z.string().optional() }),
      body: {
        required: true,
        content: { 'multipart/form-data': { schema: uploadFieldsSchema.extend({ file: z.string().meta({ format: 'binary' }) }) } },
      },
    },
    responses: {
      201: json(uploadAnswerSchema, 'kept'),
      200: json(uploadAnswerSchema, 'the same file under the same Idempotency-Key, kept before'),
      ...errors(400, 401, 403, 404, 409, 413, 415, 429, 503),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/v1/tickets/{id}/attachments',
    tags: ['attachments'],
    operationId: 'listAttachments',
    summary: 'The ticket’s files the caller may read (metadata)',
    ...secured,
    request: { params: ticketIdParams },
    responses: { 200: json(z.object({ items: z.array(attachmentViewSchema) }), 'the files'), ...errors(401, 404, 503) },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/v1/tickets/{id}/attachments/{attachmentId}',
    tags: ['attachments'],
    operationId: 'readAttachment',
    summary: 'One file, as stored (a photo without its metadata); every read is logged (个人信息保护法)',
    description:
      'Read as the ticket: a unit not on it gets the ticket’s 404; a citizen who asked for confidentiality (保密) is hidden from units ' +
      'in intake files and recordings (404). A read that cannot be logged is not served (503).',
    ...secured,
    request: { params: attachmentParams },
    responses: {
      200: {
        description: 'the file (Content-Type from its content)',
        content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } },
      },
      ...errors(401, 404, 503),
    },
  });
}
