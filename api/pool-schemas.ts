// GET /api/v1/pool: the query and the answer of the ticket pool (工单池), read from the ledger.
import { z } from 'zod';
import { requestTypes } from '../domain/ticket';
import { statusSchema } from './schemas';

const code = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'expected a catalog code')
  .max(64);
const booleanString = z.enum(['true', 'false']).transform((v) => v === 'true');
/** `?status=a&status=b` or `?status=a,b`. */
const statusList = z
  .union([z.string(), z.array(z.string())])
  .transform((v) => (Array.isArray(v) ? v : v.split(',')).filter((s) => s !== ''))
  .pipe(z.array(statusSchema).max(20));

export const poolQuerySchema = z.object({
  status: statusList.optional().meta({ description: 'one or more statuses (repeated or comma-separated)' }),
  unit: code.optional().meta({ description: 'lead or co-handling unit; handlers and unit leaders: their own (the default)' }),
  category: code.optional(),
  district: code.optional(),
  requestType: z
    .enum([...(Object.keys(requestTypes) as (keyof typeof requestTypes)[]), 'unknown'])
    .optional()
    .meta({ description: 'consult, help, complaint, report, suggestion; unknown: registered before it was asked' }),
  overdue: booleanString.optional(),
  includeClosed: booleanString.optional().meta({ description: 'finished tickets too (default false: open ones only)' }),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type PoolQuery = z.infer<typeof poolQuerySchema>;

const instant = z.string().meta({ format: 'date-time' });

export const poolItemSchema = z.object({
  id: z.string(),
  status: statusSchema,
  statusLabel: z.string(),
  channel: z.string(),
  category: z.string(),
  district: z.string(),
  street: z.string().nullable(),
  requestType: z.string().nullable().meta({ description: 'null: registered before the request type was asked' }),
  leadUnit: z.string().nullable(),
  coUnits: z.array(z.string()),
  urgent: z.boolean(),
  overdue: z.boolean(),
  escalationLevel: z.number().int().meta({ description: '0 none; 1, 2 … the escalation ladder step reached' }),
  rehandles: z.number().int(),
  registeredAt: instant,
  nextConsultationAt: instant.nullable().meta({ description: 'the next joint consultation (联席会商) convened and not yet held; null when none' }),
  dueKind: z
    .string()
    .nullable()
    .meta({ description: 'the deadline running now, a key of the ticket’s deadlines (dispatchBy, signBy, firstContactBy, replyBy, …)' }),
  dueAt: instant.nullable(),
});

export const poolPageSchema = z.object({
  items: z.array(poolItemSchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
