// GET /api/v1/phone-reads: the query (validated with field details) and the answer. The log names
// who read which ticket's phone numbers in full; it never holds a number.
import { z } from 'zod';
import { realDate } from './stats-schemas';
import { TICKET_PATH_ID } from './routes/tickets';

export const phoneReadQuerySchema = z
  .object({
    ticket: z.string().regex(TICKET_PATH_ID, 'expected a ticket number').optional(),
    from: realDate.optional(),
    to: realDate.optional(),
    pageSize: z.coerce.number().int().min(1).max(500).default(100),
    pageToken: z
      .string()
      .regex(/^[1-9]\d{0,17}$/, 'expected the nextPageToken of the previous page')
      .optional(),
  })
  .superRefine((q, c) => {
    if (q.from !== undefined && q.to !== undefined && q.from > q.to)
      c.addIssue({ code: 'custom', path: ['to'], message: `must not be before from (${q.from})` });
  });

export const phoneReadSchema = z.object({
  at: z.string().meta({ description: 'ISO instant of the read' }),
  ticketId: z.string(),
  actorId: z.string(),
  actorRole: z.string(),
  actorUnit: z.string().nullable(),
  requesters: z.array(z.number().int()).meta({ description: 'positions in the ticket’s requesters whose number was shown in full' }),
  via: z.string().meta({ description: 'ticket (GET), intake, action:<path>, follow-up-queue' }),
});
export const phoneReadPageSchema = z.object({ items: z.array(phoneReadSchema), nextPageToken: z.string().optional() });
