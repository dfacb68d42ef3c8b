// The commitments register over HTTP (R6): the list's query and answer, the fulfil action's answer.
import { z } from 'zod';
import { commitmentStatuses, CommitmentStatus } from '../domain/commitment/model';
import { TICKET_PATH_ID } from './routes/tickets';

const statusCodes = Object.keys(commitmentStatuses) as [CommitmentStatus, ...CommitmentStatus[]];
const instant = z.string().meta({ description: 'ISO instant' });

export const commitmentQuerySchema = z.object({
  unit: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'expected a unit code')
    .optional()
    .meta({ description: 'handlers and unit leaders: their own unit only (the default)' }),
  status: z.enum(statusCodes).optional().meta({ description: 'open 跟踪中, overdue 已逾期, fulfilled 已履行' }),
  ticket: z.string().regex(TICKET_PATH_ID, 'expected a ticket number').optional(),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
  pageToken: z
    .string()
    .regex(/^\d{1,9}$/, 'expected the nextPageToken of the previous page')
    .optional(),
});

export const commitmentRowSchema = z.object({
  id: z.string().meta({ description: '<ticket>-commitment-<n>' }),
  ticketId: z.string(),
  number: z.number().int(),
  unit: z.string(),
  content: z.string(),
  dueDate: z.string().meta({ description: 'the promised completion date (Beijing), YYYY-MM-DD' }),
  dueAt: instant,
  status: z.enum(statusCodes),
  registeredAt: instant,
  remindedAt: instant.nullable(),
  overdueAt: instant.nullable(),
  fulfilledAt: instant.nullable(),
  fulfilledBy: z.string().nullable(),
  fulfilment: z.string().nullable().meta({ description: 'what was done to keep it' }),
  fulfilledOnTime: z.boolean().nullable(),
});
export const commitmentPageSchema = z.object({ items: z.array(commitmentRowSchema), nextPageToken: z.string().optional() });

export const commitmentViewSchema = z.object({
  id: z.string(),
  ticketId: z.string(),
  number: z.number().int(),
  unit: z.string(),
  content: z.string(),
  dueDate: z.string(),
  dueAt: instant,
  status: z.enum(statusCodes),
  statusLabel: z.string(),
  registeredAt: instant,
  remindedAt: instant.optional(),
  overdueAt: instant.optional(),
  fulfilment: z.object({ done: z.string(), at: instant, by: z.string(), onTime: z.boolean() }).optional(),
});
