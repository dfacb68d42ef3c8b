// Zod schemas of the follow-up (回访) routes: the voice provider's callback answer, the manual
// follow-up queue, and the rating page's form. The OpenAPI document is generated from them.
import { z } from 'zod';
import { statusSchema } from './schemas';

const instant = z.string().meta({ format: 'date-time' });
const code = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'expected a catalog code')
  .max(64);

export const callbackResultSchema = z.object({
  status: z.enum(['recorded', 'accepted']).meta({
    description: 'recorded: the rating was applied to the ticket (200); accepted: nobody rated, nothing changed (202)',
  }),
  ticket: z.string(),
  outcome: z.enum(['answered', 'no_answer', 'refused']),
  ticketStatus: statusSchema.optional().meta({ description: 'the ticket’s status after the rating (recorded only)' }),
  statusLabel: z.string().optional(),
});
export type CallbackResult = z.infer<typeof callbackResultSchema>;

export const signatureHeaders = z.object({
  'x-hotline-signature': z.string().meta({ description: '`t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.rawBody">` with HOTLINE_CALLBACK_SECRET' }),
});

// ---------------------------------------------------------------------------------------------
// The manual follow-up queue
// ---------------------------------------------------------------------------------------------

export const followUpQueueQuerySchema = z.object({
  queue: z
    .enum(['manual', 'auto', 'all'])
    .default('manual')
    .meta({ description: 'manual (default): waiting for an agent’s call; auto: automated calls still running; all' }),
  category: code.optional(),
  district: code.optional(),
  pageSize: z.coerce.number().int().min(1).max(50).default(20),
  pageToken: z
    .string()
    .max(4096)
    .regex(/^[A-Za-z0-9_-]+$/, 'expected the nextPageToken of a previous page')
    .optional(),
});
export type FollowUpQueueQuery = z.infer<typeof followUpQueueQuerySchema>;

export const followUpItemSchema = z.object({
  id: z.string().meta({ description: 'ticket number' }),
  category: z.string(),
  categoryName: z.string().optional(),
  district: z.string(),
  districtName: z.string().optional(),
  street: z.string().optional(),
  streetName: z.string().optional(),
  leadUnit: z.string().optional(),
  description: z.string(),
  queue: z.enum(['auto', 'manual']),
  round: z.number().int().meta({ description: 'follow-up round: 0 = first handling, n = after the n-th re-handle' }),
  attempts: z.number().int().meta({ description: 'automated call attempts so far in this round' }),
  startedAt: instant,
  followUpBy: instant.optional().meta({ description: 'closed as unreachable (无法联系) after this' }),
  reply: z
    .object({
      summary: z.string().meta({ description: 'the reply’s first 120 characters' }),
      handlerName: z.string(),
      handlerPhone: z.string(),
      solved: z.boolean(),
      at: instant,
    })
    .optional(),
  requesters: z
    .array(
      z.object({
        requester: z.number().int().meta({ description: 'index in the ticket’s requesters: the `requester` of the follow-up action' }),
        name: z.string().optional(),
        phone: z.string().optional().meta({ description: 'in full for follow_up and admin' }),
        anonymous: z.boolean(),
      }),
    )
    .meta({ description: 'requesters still to be called in this round' }),
});
export type FollowUpItem = z.infer<typeof followUpItemSchema>;

export const followUpQueueSchema = z.object({
  items: z.array(followUpItemSchema),
  nextPageToken: z.string().optional().meta({ description: 'absent on the last page; a page may hold fewer than pageSize items' }),
});

// ---------------------------------------------------------------------------------------------
// The rating page's form (application/x-www-form-urlencoded)
// ---------------------------------------------------------------------------------------------

/** The form's fields as posted (documented in OpenAPI). */
export const ratingFormFields = z.object({
  satisfaction: z.enum(['satisfied', 'basically_satisfied', 'unsatisfied']).meta({ description: '满意 / 基本满意 / 不满意' }),
  resolved: z.enum(['yes', 'no']).meta({ description: '已解决 / 未解决' }),
  comment: z.string().max(500).optional().meta({ description: '其他意见（选填）' }),
});
/** …and as the route reads them. */
export const ratingFormSchema = ratingFormFields.transform((f) => ({
  satisfaction: f.satisfaction,
  resolved: f.resolved === 'yes',
  comment: f.comment?.trim() || undefined,
}));
export type RatingForm = z.infer<typeof ratingFormSchema>;

export const ratingTokenParams = z.object({ token: z.string().meta({ description: 'the signed token of the SMS link' }) });
