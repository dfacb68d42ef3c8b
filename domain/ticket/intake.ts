// Intake (受理): what an operator registers, and the ticket it opens.
import { z } from 'zod';
import type { CalendarData } from '../calendar';
import { Actor, channels, Channel, TicketState, ticketStatuses } from './model';
import { citizenKindSchema, requestTypeSchema } from './request-type';
import { dispatchDue, faceToFaceRequired, TicketRules } from './rules';
import type { SupervisionRules } from './supervision';

const channelCodes = Object.keys(channels) as [Channel, ...Channel[]];
const httpUrl = z
  .string()
  .trim()
  .max(500)
  .regex(/^https?:\/\/\S+$/, 'expected an http(s) URL');

export const intakeSchema = z.object({
  channel: z.enum(channelCodes),
  /** Required of new intakes (newIntakeSchema); a ticket recorded before it existed has none. */
  requestType: requestTypeSchema.optional(),
  citizen: z
    .object({
      name: z.string().trim().min(1).max(50).optional(),
      phone: z
        .string()
        .trim()
        .regex(/^[0-9+\-() ]{5,20}$/, 'expected a phone number')
        .optional(),
      anonymous: z.boolean().default(false),
      /** false: the citizen declined the follow-up call (回访). */
      followUp: z.boolean().default(true),
      // alreadyRated is gone (an unknown key, dropped): the citizen's own rating on the platform after
      // the reply is recorded as their follow-up (follow-up, source: platform; seed 003 已通过平台自行评价).
      /** 保密: units see the phone masked and reach the citizen through the hotline. */
      confidential: z.boolean().optional(),
      /** person (default) or enterprise (企业专席, seed 004). */
      kind: citizenKindSchema.optional(),
    })
    .default({ anonymous: false, followUp: true }),
  category: z.string().trim().min(1).max(64),
  description: z.string().trim().min(1).max(5000),
  location: z.object({
    district: z.string().trim().min(1).max(64),
    street: z.string().trim().min(1).max(64).optional(),
    address: z.string().trim().max(200).optional(),
  }),
  provincial: z.boolean().optional(),
  urgent: z.boolean().optional(),
  /** 接诉即办 ticket. */
  jsbl: z.boolean().optional(),
  /** The call's recording in the call system (its id or URL): kept as a reference, never fetched. */
  recording: z
    .object({
      id: z.string().trim().min(1).max(128).optional(),
      url: httpUrl.optional(),
    })
    .refine((r) => r.id !== undefined || r.url !== undefined, { error: 'id or url is required' })
    .optional(),
  /** Photos the citizen put online (Open311 media_url): kept as links, never fetched by the hotline. */
  mediaUrls: z.array(httpUrl).min(1).max(5).optional(),
});
export type Intake = z.infer<typeof intakeSchema>;

/** What the API accepts for a new ticket: the request type is required (seed 000). */
export const newIntakeSchema = intakeSchema.extend({ requestType: requestTypeSchema });

export interface DirectDispatchTarget {
  unit: string;
  /** The county government and the city department, asked to supervise (seed 004). */
  supervisors: string[];
}

/** Everything a ticket workflow starts with; data that may change later travels in here. */
export interface TicketInput {
  id: string;
  intake: Intake;
  /** The registration instant; when absent the workflow's own clock at start is used. */
  registeredAt?: string;
  registeredBy: Actor;
  rules: TicketRules;
  calendar: CalendarData;
  /** Set for direct-dispatch categories (R1), from the catalog at intake. */
  directDispatch?: DirectDispatchTarget;
  /** Hash of the API caller's Idempotency-Key (with the caller's id): a retried intake finds this ticket. */
  idempotencyKeyHash?: string;
  /** Pattern escalation thresholds (提级督办), resolved at intake; absent: none (tickets from before). */
  supervision?: SupervisionRules;
}

/**
 * `seedHandling`: the ticket follows the rules of the workflow's `seed-handling-v1` patch (model.ts);
 * the workflow passes it for tickets started since.
 */
export function register(input: TicketInput & { registeredAt: string }, opts: { seedHandling?: boolean } = {}): TicketState {
  const { intake } = input;
  const at = Date.parse(input.registeredAt);
  const provincial = intake.provincial ?? intake.channel === 'provincial';
  const jsbl = intake.jsbl ?? false;
  const direct = input.directDispatch !== undefined;
  const anonymous = intake.citizen.anonymous;
  return {
    id: input.id,
    status: 'registered',
    statusLabel: ticketStatuses.registered,
    channel: intake.channel,
    category: intake.category,
    ...(intake.requestType ? { requestType: intake.requestType } : {}),
    citizenKind: intake.citizen.kind ?? 'person',
    description: intake.description,
    location: intake.location,
    requesters: [
      {
        name: anonymous ? undefined : intake.citizen.name,
        phone: intake.citizen.phone,
        anonymous,
        followUp: intake.citizen.followUp && intake.citizen.phone !== undefined,
        // Inputs of tickets registered before the field went away may still carry it.
        alreadyRated: (intake.citizen as { alreadyRated?: boolean }).alreadyRated,
        ...(intake.citizen.confidential ? { confidential: true } : {}),
        addedAt: input.registeredAt,
      },
    ],
    ...(intake.recording ? { recording: intake.recording } : {}),
    ...(intake.mediaUrls ? { mediaUrls: intake.mediaUrls } : {}),
    coUnits: [],
    ...(opts.seedHandling ? { seedHandling: true } : {}),
    ...(opts.seedHandling && input.directDispatch ? { supervisingUnits: input.directDispatch.supervisors } : {}),
    returnedBy: [],
    registeredAt: input.registeredAt,
    deadlines: { dispatchBy: dispatchDue(input.rules, at, direct) },
    flags: {
      urgent: intake.urgent ?? direct,
      provincial,
      jsbl,
      directDispatch: direct,
      faceToFaceRequired: faceToFaceRequired(input.rules, { provincial, jsbl, rehandles: 0 }),
      overdue: false,
      designated: false,
      escalationLevel: 0,
      provisionalDeadlines: false,
    },
    counters: { dispatches: 0, returns: 0, transfers: 0, rehandles: 0, urges: 0, followUpAttempts: 0 },
    alerts: { escalationSteps: 0 },
    contacts: [],
    visits: [],
    commitments: [],
    followUps: [],
    consultations: [],
    history: [
      {
        seq: 1,
        at: input.registeredAt,
        action: 'register',
        actor: input.registeredBy,
        via: 'system',
        status: 'registered',
      },
    ],
  };
}
