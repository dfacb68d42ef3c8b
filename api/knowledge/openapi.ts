// The OpenAPI paths of issue 15: the knowledge base, the temporary notices, the intake preview.
import type { OpenAPIRegistry, ResponseConfig, RouteConfig } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { newIntakeSchema } from '../../domain/ticket';
import { knowledgeStatsRoles } from './access';
import {
  articleInputSchema,
  articleVersionViewSchema,
  articleViewSchema,
  knowledgePageSchema,
  knowledgeQuerySchema,
  knowledgeStatsQuerySchema,
  knowledgeStatsSchema,
  noticeInputSchema,
  noticePageSchema,
  noticeQuerySchema,
  noticeViewSchema,
  previewSchema,
  publishSchema,
  updateArticleSchema,
} from './schemas';

interface Helpers {
  json(schema: z.ZodType, description: string): ResponseConfig;
  errors(...statuses: number[]): Record<string, ResponseConfig>;
  secured: { security: { bearerAuth: never[] }[] };
}

export function registerKnowledgePaths(registry: OpenAPIRegistry, { json, errors, secured }: Helpers): void {
  const Article = articleViewSchema.meta({ id: 'KnowledgeArticle' });
  const ArticleInput = articleInputSchema.meta({ id: 'KnowledgeArticleInput' });
  const Notice = noticeViewSchema.meta({ id: 'Notice' });
  const body = (schema: z.ZodType) => ({ body: { required: true, content: { 'application/json': { schema } } } });
  const id = z.object({ id: z.string().meta({ description: 'KB… (articles) or NT… (notices)' }) });
  const path = (
    method: 'get' | 'post' | 'put',
    p: string,
    tag: string,
    operationId: string,
    summary: string,
    rest: Pick<RouteConfig, 'description' | 'request' | 'responses'>,
  ) => registry.registerPath({ method, path: p, tags: [tag], operationId, summary, ...secured, ...rest });

  path('get', '/api/v1/knowledge', 'knowledge', 'knowledgeSearch', '知识库 — search (q) or list the articles', {
    description:
      'With `q`: the published articles valid today, ranked for the text (Chinese bigrams, no extension needed), each with the version to cite. ' +
      'Without: the articles latest changed first; admins see all, a unit’s staff also their unit’s drafts, other roles published ones only.',
    request: { query: knowledgeQuerySchema },
    responses: { 200: json(knowledgePageSchema, 'hits or articles'), ...errors(400, 401, 403, 503) },
  });
  path(
    'post',
    '/api/v1/knowledge',
    'knowledge',
    'knowledgeCreate',
    '新建知识条目 — a draft, version 1 (roles: admin; handler, unit_leader, reviewer for their own unit)',
    {
      description: 'A unit’s staff write for their own unit: `units` must include it (empty: their unit). Published only after the hotline’s review.',
      request: body(ArticleInput),
      responses: { 201: json(Article, 'the draft'), ...errors(400, 401, 403, 503) },
    },
  );
  path(
    'get',
    '/api/v1/knowledge/{id}',
    'knowledge',
    'knowledgeRead',
    '知识条目 — editors: the latest version and all versions; others: the published version',
    {
      request: { params: id },
      responses: { 200: json(Article, 'the article'), ...errors(401, 404, 503) },
    },
  );
  path(
    'get',
    '/api/v1/knowledge/{id}/versions/{version}',
    'knowledge',
    'knowledgeVersion',
    '知识条目的某一版 — any version once published (answers cite it); drafts for editors',
    {
      request: { params: id.extend({ version: z.string() }) },
      responses: { 200: json(articleVersionViewSchema, 'the version'), ...errors(401, 404, 503) },
    },
  );
  path(
    'put',
    '/api/v1/knowledge/{id}',
    'knowledge',
    'knowledgeUpdate',
    '修改知识条目 — saves a new version (editors); a published article keeps answering with its published version',
    {
      description: '`baseVersion` must be the latest (otherwise 409: someone saved in between). A retired article cannot be changed (409).',
      request: { params: id, ...body(updateArticleSchema) },
      responses: { 200: json(Article, 'the article, new version'), ...errors(400, 401, 403, 404, 409, 503) },
    },
  );
  path('post', '/api/v1/knowledge/{id}/publish', 'knowledge', 'knowledgePublish', '发布 — the hotline’s review: publishes a version (roles: admin)', {
    request: { params: id, ...body(publishSchema) },
    responses: { 200: json(Article, 'published'), ...errors(400, 401, 403, 404, 409, 503) },
  });
  path(
    'post',
    '/api/v1/knowledge/{id}/retire',
    'knowledge',
    'knowledgeRetire',
    '下架 — no longer found nor citable; its versions stay readable (editors)',
    {
      request: { params: id },
      responses: { 200: json(Article, 'retired'), ...errors(401, 403, 404, 409, 503) },
    },
  );
  path(
    'get',
    '/api/v1/knowledge/stats',
    'knowledge',
    'knowledgeStats',
    `知识库统计 — answers (咨询直答) per article and version, and from notices (roles: ${knowledgeStatsRoles.join(', ')})`,
    {
      description: '`from`/`to`: Beijing registration dates, included.',
      request: { query: knowledgeStatsQuerySchema },
      responses: { 200: json(knowledgeStatsSchema, 'the counts'), ...errors(400, 401, 403, 503) },
    },
  );

  path('get', '/api/v1/notices', 'knowledge', 'notices', '临时公告 — outages and closures; by default only those in force now', {
    description: 'A notice expires by itself at `until`. With `street`, district-wide notices match too.',
    request: { query: noticeQuerySchema },
    responses: { 200: json(noticePageSchema, 'the notices'), ...errors(400, 401, 403, 503) },
  });
  path('post', '/api/v1/notices', 'knowledge', 'noticeCreate', '发布临时公告 (roles: admin; a unit’s staff, as their unit)', {
    request: body(noticeInputSchema.meta({ id: 'NoticeInput' })),
    responses: { 201: json(Notice, 'the notice'), ...errors(400, 401, 403, 503) },
  });
  path('get', '/api/v1/notices/{id}', 'knowledge', 'noticeRead', '临时公告', {
    request: { params: id },
    responses: { 200: json(Notice, 'the notice'), ...errors(401, 404, 503) },
  });
  path('post', '/api/v1/notices/{id}/withdraw', 'knowledge', 'noticeWithdraw', '撤回公告 — before its end (admin; the publishing unit’s staff)', {
    request: { params: id },
    responses: { 200: json(Notice, 'withdrawn'), ...errors(401, 403, 404, 409, 503) },
  });

  path('post', '/api/v1/tickets/preview', 'tickets', 'intakePreview', '受理预览 — the intake’s body, nothing created (roles: operator, admin)', {
    description:
      'The notices in force for the category and place (answer from the notice: `answer` with `notice`), the best articles for the ' +
      'description (`answer` with `article`), and open tickets of the same category and district, registered in the last 30 days, ' +
      'probably the same matter (`merge`, R13). 400 as the intake.',
    request: body(newIntakeSchema),
    responses: {
      200: json(previewSchema.meta({ id: 'IntakePreview' }), 'what the operator may answer from or merge into'),
      ...errors(400, 401, 403, 503),
    },
  });
}
