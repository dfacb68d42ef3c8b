// The knowledge base, the temporary notices and the intake preview over HTTP: request bodies,
// query strings and answers (issue 15). The OpenAPI entries (./openapi.ts) are generated from these.
import { z } from 'zod';
import { isCalendarDate } from '../../domain/calendar';

const code = z.string().trim().min(1).max(64);
const text = (max: number) => z.string().trim().min(1).max(max);
const date = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD')
  .refine(isCalendarDate, 'not a real calendar date');
const instant = z.iso.datetime({ offset: true });
export const ARTICLE_ID = /^KB\d{6,}$/;
export const NOTICE_ID = /^NT\d{6,}$/;

export const articleStatuses = { draft: '草稿', published: '已发布', retired: '已下架' } as const;
const statusCodes = Object.keys(articleStatuses) as [keyof typeof articleStatuses, ...(keyof typeof articleStatuses)[]];

export const articleInputSchema = z
  .object({
    title: text(200),
    body: text(20_000),
    category: code.optional().meta({ description: 'a catalog category; absent: any' }),
    units: z.array(code).max(20).default([]).meta({ description: 'the units responsible for the content (their staff may edit it)' }),
    tags: z.array(text(50)).max(30).default([]),
    validFrom: date.optional().meta({ description: 'Beijing date, included; absent: from publication' }),
    validUntil: date.optional().meta({ description: 'Beijing date, included; absent: until retired' }),
  })
  .refine((a) => !a.validFrom || !a.validUntil || a.validFrom <= a.validUntil, { path: ['validUntil'], error: '有效期止不能早于有效期起' });
export type ArticleInput = z.infer<typeof articleInputSchema>;

export const updateArticleSchema = z.object({
  /** The version the edit was made on: a save over someone else's newer version is a 409, not a silent loss. */
  baseVersion: z.number().int().min(1),
  article: articleInputSchema,
});

export const publishSchema = z.object({ version: z.number().int().min(1).optional().meta({ description: 'default: the latest' }) });

export const knowledgeQuerySchema = z.object({
  q: z.string().trim().min(1).max(500).optional().meta({ description: 'search text (Chinese: no spaces needed); ranks published, valid articles' }),
  category: code.optional(),
  unit: code.optional(),
  status: z.enum(statusCodes).optional().meta({ description: 'without q; editors only see drafts and retired ones' }),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
  pageToken: z
    .string()
    .regex(/^\d{1,9}$/, 'expected the nextPageToken of the previous page')
    .optional(),
});

export const knowledgeStatsQuerySchema = z.object({ from: date.optional(), to: date.optional() });

const versionView = z.object({
  version: z.number().int(),
  title: z.string(),
  body: z.string(),
  category: z.string().optional(),
  units: z.array(z.string()),
  tags: z.array(z.string()),
  validFrom: z.string().optional(),
  validUntil: z.string().optional(),
  savedAt: z.string(),
  savedBy: z.string(),
});

export const articleViewSchema = z.object({
  id: z.string(),
  status: z.enum(statusCodes),
  statusLabel: z.string(),
  latestVersion: z.number().int(),
  publishedVersion: z.number().int().nullable(),
  content: versionView.meta({ description: 'editors: the latest version; others: the published one' }),
  versions: z.array(z.object({ version: z.number().int(), title: z.string(), savedAt: z.string(), savedBy: z.string() })).optional(),
  createdAt: z.string(),
  createdBy: z.string(),
  updatedAt: z.string(),
  publishedAt: z.string().nullable(),
  retiredAt: z.string().nullable(),
});

export const articleVersionViewSchema = versionView.extend({ articleId: z.string() });

export const searchHitSchema = z.object({
  articleId: z.string(),
  version: z.number().int().meta({ description: 'the published version: cite this one' }),
  title: z.string(),
  excerpt: z.string(),
  category: z.string().optional(),
  tags: z.array(z.string()),
  score: z.number(),
});

export const knowledgePageSchema = z.object({
  items: z.array(z.union([searchHitSchema, articleViewSchema])),
  nextPageToken: z.string().optional(),
});

export const knowledgeStatsSchema = z.object({
  articles: z.array(
    z.object({ articleId: z.string(), title: z.string().nullable(), answers: z.number().int(), byVersion: z.record(z.string(), z.number().int()) }),
  ),
  notices: z.object({ answers: z.number().int(), byNotice: z.array(z.object({ noticeId: z.string(), answers: z.number().int() })) }),
});

// Notices
export const noticeInputSchema = z
  .object({
    category: code,
    area: z
      .object({ district: code, street: code.optional(), community: code.optional() })
      .meta({ description: 'catalog codes; absent street: the whole district; absent community: the whole street' }),
    from: instant,
    until: instant,
    text: text(2000),
  })
  .refine((n) => Date.parse(n.until) > Date.parse(n.from), { path: ['until'], error: '结束时间须晚于开始时间' });

export const noticeQuerySchema = z.object({
  active: z
    .enum(['true', 'false'])
    .default('true')
    .meta({ description: 'true (default): only the notices in force now; false: all, expired and withdrawn too' }),
  category: code.optional(),
  district: code.optional(),
  street: code.optional(),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
  pageToken: z
    .string()
    .regex(/^\d{1,9}$/, 'expected the nextPageToken of the previous page')
    .optional(),
});

export const noticeViewSchema = z.object({
  id: z.string(),
  category: z.string(),
  area: z.object({ district: z.string(), street: z.string().optional(), community: z.string().optional() }),
  from: z.string(),
  until: z.string(),
  text: z.string(),
  unit: z.string().nullable(),
  active: z.boolean(),
  createdAt: z.string(),
  createdBy: z.string(),
  withdrawnAt: z.string().nullable(),
});
export const noticePageSchema = z.object({ items: z.array(noticeViewSchema), nextPageToken: z.string().optional() });

// The preview
export const previewSchema = z.object({
  notices: z.array(noticeViewSchema).meta({ description: 'in force now, for the category and the place' }),
  articles: z.array(searchHitSchema).meta({ description: 'the best knowledge-base answers for the description' }),
  duplicates: z
    .array(
      z.object({
        ticketId: z.string(),
        status: z.string(),
        street: z.string().optional(),
        registeredAt: z.string(),
        excerpt: z.string(),
        score: z.number().meta({ description: '0..1, how probably the same matter' }),
      }),
    )
    .meta({ description: 'open tickets probably about the same matter (R13: merge into one of them)' }),
});
