// GET /api/v1/supervision (提级督办 list, seed 004): the query, validated with field details, and
// the answer. No phone number and no caller pseudonym is ever part of it.
import { z } from 'zod';
import { supervisionReasonKeys, supervisionReasons } from '../domain/ticket';

const reasonList = supervisionReasonKeys.map((r) => `${r} (${supervisionReasons[r]})`).join(', ');

export const supervisionQuerySchema = z.object({
  reason: z
    .enum(supervisionReasonKeys as [string, ...string[]])
    .optional()
    .meta({ description: `only tickets escalated for this pattern: ${reasonList}` }),
  pageSize: z.coerce.number().int().min(1).max(500).default(100),
  pageToken: z
    .string()
    .regex(/^[1-9]\d{0,8}$/, 'expected the nextPageToken of the previous page')
    .optional(),
});

const mark = z.object({
  reason: z.enum(supervisionReasonKeys as [string, ...string[]]),
  at: z.string().meta({ description: 'ISO instant the pattern was found' }),
  detail: z.string().meta({ description: 'the pattern in figures (zh-CN)' }),
});

export const supervisedTicketSchema = z.object({
  ticketId: z.string(),
  category: z.string(),
  district: z.string(),
  street: z.string().nullable(),
  leadUnit: z.string().nullable(),
  status: z.string(),
  registeredAt: z.string(),
  level: z.number().int().meta({ description: '提级督办 level: one per pattern shown' }),
  escalatedAt: z.string().meta({ description: 'first escalation' }),
  reasons: z.array(mark),
});
export const supervisionPageSchema = z.object({ items: z.array(supervisedTicketSchema), nextPageToken: z.string().optional() });
