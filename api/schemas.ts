// The zod schemas of what the API answers and of its query strings. The request bodies are the
// domain's own (intakeSchema, the action table); the OpenAPI document is generated from both.
import { z } from 'zod';
import { channels, roles, ticketStatuses, TicketStatus } from '../domain/ticket';
import { unitLevelSchema } from '../domain/catalog';
import { ErrorCode, httpStatusOf } from './errors';

const statusCodes = Object.keys(ticketStatuses) as [TicketStatus, ...TicketStatus[]];
const channelCodes = Object.keys(channels) as [keyof typeof channels, ...(keyof typeof channels)[]];
const roleCodes = Object.keys(roles) as [keyof typeof roles, ...(keyof typeof roles)[]];
const instant = z.string().meta({ format: 'date-time' });
const code = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'expected a catalog code')
  .max(64);

export const statusSchema = z.enum(statusCodes).meta({
  description: Object.entries(ticketStatuses)
    .map(([k, v]) => `${k}=${v}`)
    .join(', '),
});

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

export const fieldIssueSchema = z.object({ path: z.string(), message: z.string() });
export const errorSchema = z.object({
  error: z.object({
    code: z.enum(Object.keys(httpStatusOf) as [ErrorCode, ...ErrorCode[]]),
    message: z.string(),
    details: z
      .union([z.array(fieldIssueSchema), z.record(z.string(), z.unknown())])
      .optional()
      .meta({
        description: '400: one entry per invalid field; 409: { status, statusLabel } the ticket was in, or { ticket } for idempotency_conflict',
      }),
  }),
});

// ---------------------------------------------------------------------------------------------
// The ticket
// ---------------------------------------------------------------------------------------------

export const actorViewSchema = z.object({
  id: z.string(),
  name: z.string().optional(),
  role: z.enum(roleCodes),
  unit: z.string().optional(),
});

export const deadlinesSchema = z.object({
  dispatchBy: instant.optional(),
  signBy: instant.optional(),
  returnBy: instant.optional(),
  firstContactBy: instant.optional(),
  replyBy: instant.optional(),
  designateBy: instant.optional(),
  extensionUntil: instant.optional(),
  followUpBy: instant.optional(),
});

const review = z.object({ approved: z.boolean(), note: z.string().optional(), at: instant, by: z.string() });

export const ticketViewSchema = z.object({
  id: z.string(),
  status: statusSchema,
  statusLabel: z.string(),
  channel: z.enum(channelCodes),
  category: z.string(),
  description: z.string(),
  location: z.object({ district: z.string(), street: z.string().optional(), address: z.string().optional() }),
  requesters: z.array(
    z.object({
      name: z.string().optional(),
      phone: z.string().optional().meta({
        description:
          'in full for operator, follow_up and admin, and for the handlers, reviewers and unit leaders of the lead and co-units unless the citizen asked for confidentiality; masked (138****5678) otherwise. Every full read is recorded (GET /api/v1/phone-reads)',
      }),
      anonymous: z.boolean(),
      confidential: z.boolean().optional().meta({ description: '保密: units see the phone masked; the hotline relays contact' }),
      followUp: z.boolean(),
      alreadyRated: z.boolean().optional(),
      fromTicket: z.string().optional(),
      addedAt: instant,
    }),
  ),
  leadUnit: z.string().optional(),
  coUnits: z.array(z.string()),
  firstUnit: z
    .string()
    .optional()
    .meta({ description: '首接单位: the first unit dispatched, responsible first (首接负责); not moved by a transfer or a designation' }),
  supervisingUnits: z
    .array(z.string())
    .optional()
    .meta({ description: 'R1: the county government and city department supervising a direct-dispatch matter: their people read and urge it' }),
  returnedBy: z.array(z.string()),
  registeredAt: instant,
  dispatchedAt: instant.optional(),
  signedAt: instant.optional(),
  closedAt: instant.optional(),
  deadlines: deadlinesSchema,
  overdue: z.boolean(),
  rehandles: z.number().int(),
  contactRoute: z.enum(['direct', 'relay', 'none']).meta({
    description:
      'R4: direct (the unit contacts the citizen), relay (保密: the hotline does, relay-contact), none (匿名且未留电话: the two-contacts rule does not apply)',
  }),
  contactRouteLabel: z.string(),
  flags: z.object({
    urgent: z.boolean(),
    provincial: z.boolean(),
    jsbl: z.boolean(),
    directDispatch: z.boolean(),
    faceToFaceRequired: z.boolean(),
    overdue: z.boolean(),
    designated: z.boolean(),
    escalationLevel: z.number().int(),
    provisionalDeadlines: z.boolean(),
  }),
  counters: z.object({
    dispatches: z.number().int(),
    returns: z.number().int(),
    transfers: z.number().int(),
    rehandles: z.number().int(),
    urges: z.number().int(),
    followUpAttempts: z.number().int(),
  }),
  contacts: z.array(
    z.object({
      stage: z.enum(['first', 'final']),
      method: z
        .enum(['phone', 'sms', 'visit', 'relay'])
        .meta({ description: 'relay: the hotline contacted a citizen who asked for confidentiality (保密)' }),
      note: z.string().optional(),
      at: instant,
      by: z.string(),
    }),
  ),
  visits: z.array(z.object({ at: instant, by: z.string(), note: z.string().optional() })),
  extension: z
    .object({
      reason: z.string(),
      commitment: z.string(),
      until: z.string(),
      requestedAt: instant,
      requestedBy: z.string(),
      resumeStatus: statusSchema,
      decision: review.optional(),
    })
    .optional(),
  commitments: z.array(z.object({ text: z.string(), dueAt: instant, registeredAt: instant })),
  reply: z
    .object({
      content: z.string(),
      handlerName: z.string(),
      handlerPhone: z.string(),
      solved: z.boolean(),
      basis: z.string().optional(),
      at: instant,
      by: z.string(),
      onTime: z.boolean(),
      reviewFlow: z.enum(['two_step', 'single_step']).optional().meta({
        description:
          'R7: two_step = 审核 by the reviewer (reply_review), then 审签 by the unit leader (replied); single_step = 审签 only (a unit without a separate reviewer); absent on a reply of the old flow',
      }),
      divisionReview: review.optional().meta({ description: '审核 by the reviewer (处室负责人)' }),
      review: review.optional().meta({ description: '审签 by the unit leader' }),
    })
    .optional(),
  followUps: z.array(
    z.object({
      requester: z.number().int(),
      satisfaction: z.enum(['satisfied', 'basically_satisfied', 'unsatisfied']),
      resolved: z.boolean(),
      note: z.string().optional(),
      at: instant,
      by: z.string(),
      round: z.number().int(),
      source: z
        .enum(['call', 'platform'])
        .optional()
        .meta({ description: 'platform: the citizen rated it on the platform themselves (the rating link, the web): their follow-up, no call' }),
    }),
  ),
  followUp: z.object({ startedAt: instant, queue: z.enum(['auto', 'manual']), round: z.number().int(), lastCallAt: instant.optional() }).optional(),
  consultations: z.array(
    z.object({
      topic: z.string(),
      participants: z.array(z.string()),
      at: instant,
      convenedAt: instant,
      convenedBy: z.string(),
      outcome: z.object({ summary: z.string(), unit: z.string().optional(), at: instant, by: z.string() }).optional(),
    }),
  ),
  nonCompliant: z
    .object({
      reason: z.string(),
      meeting: z.object({ date: z.string(), note: z.string() }).meta({ description: '约见反映人并解释' }),
      mediation: z.object({ date: z.string(), note: z.string() }).meta({ description: '组织调解' }),
      declaredAt: instant,
      declaredBy: z.string(),
      decision: review.optional(),
    })
    .optional()
    .meta({ description: '不合规诉求: declared by the lead unit after an unsatisfied follow-up, decided by the hotline' }),
  outcome: z
    .object({
      closure: z.enum(['satisfied', 'unsatisfied_final', 'non_compliant', 'unreachable', 'no_follow_up']).optional(),
      answer: z.string().optional(),
      outOfScope: z.object({ situation: z.string(), explanation: z.string() }).optional(),
      handOff: z.object({ service: z.enum(['110', '119', '120', '122']), note: z.string().optional() }).optional(),
      mergedInto: z.string().optional(),
      transferredOut: z.object({ city: z.string(), reference: z.string().optional() }).optional(),
      reason: z.string().optional(),
    })
    .optional(),
  history: z.array(
    z.object({
      seq: z.number().int(),
      at: instant,
      action: z.string(),
      actor: actorViewSchema,
      via: z.enum(['update', 'signal', 'timer', 'system']),
      note: z.string().optional(),
      rejected: z.string().optional(),
      status: statusSchema,
    }),
  ),
  archived: z.boolean().meta({
    description: 'true: the workflow is gone from Temporal (retention, deletion) and this is the ledger’s copy, without names or phone numbers',
  }),
  allowedActions: z.array(z.string()).meta({
    description:
      'The actions (paths of POST /api/v1/tickets/{id}/actions/{action}) the caller may take now: role, unit scope, status and the rules that need no input; an action listed may still be refused for its input',
  }),
});
export type TicketView = z.infer<typeof ticketViewSchema>;

// ---------------------------------------------------------------------------------------------
// The ticket list
// ---------------------------------------------------------------------------------------------

const booleanString = z.enum(['true', 'false']).transform((v) => v === 'true');

export const listQuerySchema = z.object({
  status: statusSchema.optional(),
  unit: code.optional().meta({ description: 'lead or co-handling unit' }),
  category: code.optional(),
  district: code.optional(),
  overdue: booleanString.optional(),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
  pageToken: z
    .string()
    .max(4096)
    .regex(/^[A-Za-z0-9_-]+$/, 'expected the nextPageToken of a previous page')
    .optional(),
});
export type ListQuery = z.infer<typeof listQuerySchema>;

export const ticketSummarySchema = z.object({
  id: z.string(),
  status: statusSchema.optional(),
  statusLabel: z.string().optional(),
  category: z.string().optional(),
  channel: z.string().optional(),
  district: z.string().optional(),
  leadUnit: z.string().optional(),
  coUnits: z.array(z.string()),
  urgent: z.boolean().optional(),
  overdue: z.boolean().optional(),
  rehandles: z.number().int().optional(),
  replyBy: instant.optional(),
  registeredAt: instant,
  closedAt: instant.optional(),
  summary: z.string().optional().meta({ description: 'one-line memo; never personal data' }),
});
export type TicketSummaryView = z.infer<typeof ticketSummarySchema>;

export const ticketListSchema = z.object({
  items: z.array(ticketSummarySchema),
  nextPageToken: z.string().optional().meta({ description: 'absent on the last page' }),
});

// ---------------------------------------------------------------------------------------------
// Catalog, paths, health
// ---------------------------------------------------------------------------------------------

export const catalogViewSchema = z.object({
  city: z.object({ code: z.string(), name: z.string() }),
  categories: z.array(z.object({ code: z.string(), name: z.string(), directDispatch: z.boolean() })),
  districts: z.array(z.object({ code: z.string(), name: z.string(), streets: z.array(z.object({ code: z.string(), name: z.string() })) })),
  units: z.array(z.object({ code: z.string(), name: z.string(), level: unitLevelSchema, district: z.string().optional() })),
  outOfScopeSituations: z.array(z.object({ code: z.string(), name: z.string() })),
  cities: z.array(z.object({ code: z.string(), name: z.string() })).meta({ description: 'other cities a ticket may be transferred to' }),
});

export const ticketIdParams = z.object({ id: z.string().meta({ example: '20261123-0042117' }) });

export const idempotencyHeaders = z.object({
  'idempotency-key': z
    .string()
    .min(1)
    .max(255)
    .regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces')
    .optional()
    .meta({ description: 'a retried intake with the same key (and caller) returns the same ticket' }),
});

export const healthSchema = z.object({ status: z.string(), temporal: z.string().optional() });
