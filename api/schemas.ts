// The zod schemas of what the API answers and of its query strings. The request bodies are the
// domain's own (intakeSchema, the action table); the OpenAPI document is generated from both.
import { z } from 'zod';
import {
  AttachmentStep,
  attachmentSteps,
  channels,
  citizenKinds,
  citizenKindSchema,
  requestTypes,
  requestTypeSchema,
  roles,
  supervisionReasonKeys,
  ticketStatuses,
  TicketStatus,
} from '../domain/ticket';
import { unitLevelSchema } from '../domain/catalog';
import { ErrorCode, httpStatusOf } from './errors';
import { attachmentViewSchema } from './attachment-schemas';

const statusCodes = Object.keys(ticketStatuses) as [TicketStatus, ...TicketStatus[]];
const channelCodes = Object.keys(channels) as [keyof typeof channels, ...(keyof typeof channels)[]];
const roleCodes = Object.keys(roles) as [keyof typeof roles, ...(keyof typeof roles)[]];
const instant = z.string().meta({ format: 'date-time' });
const code = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'expected a catalog code')
  .max(64);

export const labelled = (labels: Record<string, string>) =>
  Object.entries(labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
export const requestTypeView = requestTypeSchema.meta({ description: labelled(requestTypes) });
export const citizenKindView = citizenKindSchema.meta({ description: labelled(citizenKinds) });

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
  requestType: requestTypeView.optional().meta({ description: 'absent on tickets registered before it was asked (unknown)' }),
  requestTypeLabel: z.string().optional().meta({ description: '咨询/求助/投诉/举报/建议' }),
  citizenKind: citizenKindView.optional(),
  citizenKindLabel: z.string().optional().meta({ description: '个人/企业' }),
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
  delegates: z
    .array(z.object({ unit: z.string(), at: instant, by: z.string(), note: z.string().optional() }))
    .optional()
    .meta({ description: '下派: subordinate units the lead passed the ticket down to; the lead stays accountable' }),
  whistles: z
    .array(z.object({ street: z.string(), department: z.string(), at: instant, by: z.string(), note: z.string().optional() }))
    .optional()
    .meta({ description: 'R17 吹哨: the street that whistled and the department that became the lead' }),
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
  dispatchOverdue: z.boolean().meta({ description: 'the dispatch deadline passed before the first dispatch (按时派单率, seed 000); kept once set' }),
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
    dispatchOverdue: z.boolean().optional(),
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
  commitments: z.array(
    z.object({
      text: z.string(),
      dueAt: instant,
      registeredAt: instant,
      number: z.number().int().optional().meta({ description: 'a signed-off reply’s commitment (R6): tracked as `id`, GET /api/v1/commitments' }),
      id: z.string().optional(),
      unit: z.string().optional(),
      dueDate: z.string().optional(),
    }),
  ),
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
      commitment: z
        .object({ content: z.string(), dueDate: z.string() })
        .optional()
        .meta({ description: 'R6: registered when the reply is signed off' }),
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
      article: z
        .object({ articleId: z.string(), version: z.number().int() })
        .optional()
        .meta({ description: 'the knowledge-base article version answered from' }),
      notice: z.string().optional().meta({ description: 'the temporary notice answered from (公告直答)' }),
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
  supervision: z
    .object({
      level: z.number().int(),
      reasons: z.array(z.object({ reason: z.enum(supervisionReasonKeys), at: instant, detail: z.string() })),
    })
    .optional()
    .meta({
      description: '提级督办 by pattern (seed 004): the level rises by one per pattern shown (GET /api/v1/supervision lists them); absent: none',
    }),
  recording: z.object({ id: z.string().optional(), url: z.string().optional() }).optional().meta({
    description:
      'the call’s recording in the call system (intake), a reference never fetched; hidden from units when the citizen asked for confidentiality',
  }),
  mediaUrls: z.array(z.string()).optional().meta({ description: 'links to the citizen’s photos online (Open311 media_url), never fetched' }),
  attachments: z.array(attachmentViewSchema).optional().meta({
    description: 'the files the caller may read (GET /api/v1/tickets/{id}/attachments/{attachmentId}); absent: none',
  }),
  archived: z.boolean().meta({
    description: 'true: the workflow is gone from Temporal (retention, deletion) and this is the ledger’s copy, without names or phone numbers',
  }),
  attachSteps: z
    .array(z.enum(Object.keys(attachmentSteps) as [AttachmentStep, ...AttachmentStep[]]))
    .optional()
    .meta({ description: 'the steps at which the caller may attach a file now (POST /api/v1/tickets/{id}/attachments); absent: none' }),
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
  dispatchOverdue: booleanString.optional().meta({ description: 'the dispatch deadline passed before the first dispatch (按时派单率)' }),
  requestType: requestTypeView.optional(),
  citizenKind: citizenKindView.optional(),
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
  requestType: z.string().optional(),
  citizenKind: z.string().optional(),
  district: z.string().optional(),
  leadUnit: z.string().optional(),
  coUnits: z.array(z.string()),
  urgent: z.boolean().optional(),
  overdue: z.boolean().optional(),
  dispatchOverdue: z.boolean().optional(),
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
  categories: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      directDispatch: z.boolean(),
      streetDirect: z.boolean().optional().meta({ description: '镇街直办: suggested to the street office of the ticket’s street' }),
    }),
  ),
  districts: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      streets: z.array(
        z.object({ code: z.string(), name: z.string(), communities: z.array(z.object({ code: z.string(), name: z.string() })).optional() }),
      ),
    }),
  ),
  units: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      level: unitLevelSchema,
      district: z.string().optional(),
      street: z.string().optional(),
      community: z.string().optional(),
      parent: z.string().optional().meta({ description: 'the unit above (上级单位): 下派 goes only to units below the lead' }),
    }),
  ),
  outOfScopeSituations: z.array(z.object({ code: z.string(), name: z.string() })),
  cities: z.array(z.object({ code: z.string(), name: z.string() })).meta({ description: 'other cities a ticket may be transferred to' }),
});

const catalogCode = z.string().trim().min(1).max(64);
export const suggestionQuerySchema = z.object({ category: catalogCode, district: catalogCode, street: catalogCode.optional() });
export const suggestionSchema = z.object({ unit: z.string().nullable().meta({ description: 'null when the catalog suggests none' }) });

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
