// The action table is the ticket's state machine: every action a person can take, who may take
// it, in which statuses, what its input looks like and which catalog entries or tickets it names.
// decide() reads its checks from here, the workflow registers one Update per row, the API one
// route per row, and the OpenAPI document states the same rows, so they can never disagree.
import { z } from 'zod';
import { isCalendarDate } from '../calendar';
import { attachInputSchema } from './attachments';
import { replyCommitmentSchema } from './commitment';
import { handlingStatuses, Role, TicketStatus, terminalStatuses, ticketStatuses } from './model';

const text = (max = 2000) => z.string().trim().min(1).max(max);
const note = text().optional();
const unitCode = z.string().trim().min(1).max(64);
const isoInstant = z.iso.datetime({ offset: true });
const beijingDateString = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD')
  .refine(isCalendarDate, 'not a real calendar date');

/**
 * Who acts on whose behalf: 'lead' = only the lead unit's people; 'involved' = lead or co-unit;
 * 'supervising' = the units asked to supervise a direct-dispatch matter (R1).
 */
export type UnitScope = 'lead' | 'involved' | 'supervising';

/** What an input field names: an entry of the dispatch catalog, or another ticket. */
export type RefKind = 'unit' | 'situation' | 'city' | 'ticket';
export interface Ref {
  field: string;
  kind: RefKind;
}

export interface ActionDef<S extends z.ZodType = z.ZodType> {
  /** URL segment of POST /api/v1/tickets/{id}/actions/{path}. */
  path: string;
  label: string;
  roles: readonly Role[];
  /** Applies to handlers and unit leaders only; other roles act hotline-wide. */
  unitScope?: UnitScope;
  /** The statuses the action is allowed in; in any other it is refused (409). */
  statuses: readonly TicketStatus[];
  /** Input fields naming catalog entries (checked against the catalog) or tickets. */
  refs?: readonly Ref[];
  schema: S;
  /** Also accepted as a plain signal (admins in the Temporal UI / CLI). */
  signal?: boolean;
  /** Taken through its own route (the attachment upload), never the generic action route. */
  ownRoute?: boolean;
}

// Each workflow evaluates this module afresh (the SDK isolates module state per workflow), and a
// ticket uses a handful of its actions: a schema is built on first use, not for every ticket.
const def = <S extends z.ZodType>(d: Omit<ActionDef<S>, 'schema'> & { schema: () => S }): ActionDef<S> => {
  let built: S | undefined;
  return {
    ...d,
    get schema() {
      return (built ??= d.schema());
    },
  };
};
/** The unit's people who handle a ticket; the reviewer (处室负责人) only reviews replies (R7). */
const unitPeople: readonly Role[] = ['handler', 'unit_leader'];

const beforeHandling: readonly TicketStatus[] = ['registered', 'returned'];
const working: readonly TicketStatus[] = ['handling', 'rehandling'];
/** Every status in which the ticket's life goes on. */
export const openStatuses = (Object.keys(ticketStatuses) as TicketStatus[]).filter((s) => !terminalStatuses.includes(s));
const unit = (field: string): Ref => ({ field, kind: 'unit' });

export const actions = {
  dispatch: def({
    path: 'dispatch',
    label: '派单',
    roles: ['dispatcher', 'operator', 'admin'],
    statuses: beforeHandling,
    refs: [unit('unit'), unit('coUnits')],
    schema: () => z.object({ unit: unitCode, coUnits: z.array(unitCode).max(20).optional(), note }),
  }),
  sign: def({
    path: 'sign',
    label: '签收',
    roles: unitPeople,
    unitScope: 'lead',
    statuses: ['dispatched'],
    schema: () => z.object({ note }),
  }),
  return: def({
    path: 'return',
    label: '回退',
    roles: unitPeople,
    unitScope: 'lead',
    statuses: ['dispatched', 'handling'],
    schema: () => z.object({ reason: text(), disputed: z.boolean().optional() }),
  }),
  transfer: def({
    path: 'transfer',
    label: '转办',
    roles: ['dispatcher', 'supervisor', 'admin'],
    // rehandling: since seed-handling-v1 (preconditions.ts).
    statuses: ['dispatched', 'handling', 'returned', 'designating', 'rehandling'],
    refs: [unit('unit')],
    schema: () => z.object({ unit: unitCode, note }),
    signal: true,
  }),
  designate: def({
    path: 'designate',
    label: '定责指派',
    roles: ['supervisor', 'admin'],
    statuses: ['designating', 'returned'],
    refs: [unit('unit')],
    schema: () => z.object({ unit: unitCode, note }),
  }),
  contact: def({
    path: 'contact',
    label: '联系诉求人',
    roles: unitPeople,
    unitScope: 'involved',
    statuses: handlingStatuses,
    schema: () => z.object({ stage: z.enum(['first', 'final']), method: z.enum(['phone', 'sms', 'visit']), note }),
  }),
  relayContact: def({
    path: 'relay-contact',
    label: '热线转达联系',
    // R4 for a citizen who asked for confidentiality (保密): the hotline, not the unit, calls them.
    roles: ['operator', 'admin'],
    statuses: handlingStatuses,
    schema: () => z.object({ stage: z.enum(['first', 'final']), note }),
  }),
  visit: def({
    path: 'visit',
    label: '现场见面',
    roles: unitPeople,
    unitScope: 'involved',
    statuses: handlingStatuses,
    schema: () => z.object({ note }),
  }),
  requestExtension: def({
    path: 'request-extension',
    label: '申请延期',
    roles: unitPeople,
    unitScope: 'lead',
    statuses: working,
    schema: () => z.object({ reason: text(), commitment: text(), until: beijingDateString }),
  }),
  decideExtension: def({
    path: 'decide-extension',
    label: '延期审批',
    roles: ['supervisor', 'admin'],
    statuses: ['extension_requested'],
    schema: () => z.object({ approve: z.boolean(), note }),
  }),
  reply: def({
    path: 'reply',
    label: '答复',
    roles: unitPeople,
    unitScope: 'lead',
    statuses: working,
    schema: () =>
      z.object({
        content: text(5000),
        handlerName: text(50),
        handlerPhone: z
          .string()
          .trim()
          .regex(/^[0-9+\-() ]{5,20}$/, 'expected a phone number'),
        solved: z.boolean(),
        basis: text().optional(),
        commitment: replyCommitmentSchema.optional(),
      }),
  }),
  reviewReply: def({
    path: 'review-reply',
    label: '审核通过',
    // R7 (seed 002 由承办处室负责人审核并送分管领导或主要领导审签): the division head reviews first.
    roles: ['reviewer'],
    unitScope: 'lead',
    statuses: ['reply_review'],
    schema: () => z.object({ note }),
  }),
  rejectReview: def({
    path: 'reject-review',
    label: '审核退回',
    roles: ['reviewer'],
    unitScope: 'lead',
    statuses: ['reply_review'],
    schema: () => z.object({ note: text() }),
  }),
  approveReply: def({
    path: 'approve-reply',
    label: '审签通过',
    // admin: only a reply drafted before two-step review (decide.ts signOffRefusal).
    roles: ['unit_leader', 'admin'],
    unitScope: 'lead',
    statuses: ['replied'],
    schema: () => z.object({ note }),
  }),
  rejectReply: def({
    path: 'reject-reply',
    label: '审签退回',
    roles: ['unit_leader', 'admin'],
    unitScope: 'lead',
    statuses: ['replied'],
    schema: () => z.object({ note: text() }),
  }),
  followUp: def({
    path: 'follow-up',
    label: '回访',
    roles: ['follow_up', 'admin', 'system'],
    statuses: ['follow_up'],
    schema: () =>
      z.object({
        satisfaction: z.enum(['satisfied', 'basically_satisfied', 'unsatisfied']),
        resolved: z.boolean(),
        note,
        /** Which requester (index in `requesters`) answered; default: the first still to be reached. */
        requester: z.number().int().min(0).optional(),
        /** platform: the citizen's own rating on the platform (the rating link's page, the web), counted as their follow-up. */
        source: z.enum(['call', 'platform']).optional(),
      }),
  }),
  closeNonCompliant: def({
    path: 'close-non-compliant',
    label: '不合理诉求办结',
    // Only tickets registered before seed-handling-v1; since, the unit declares and the hotline decides.
    roles: ['supervisor', 'admin'],
    statuses: ['follow_up', 'rehandling'],
    schema: () => z.object({ reason: text() }),
  }),
  declareNonCompliant: def({
    path: 'declare-non-compliant',
    label: '申报不合规诉求',
    // Seed 002: 主动约见反映人 … 解释，组织调解 … 经解释、调解仍不满意的，可按照程序申报办理不合规诉求.
    roles: unitPeople,
    unitScope: 'lead',
    statuses: ['rehandling'],
    schema: () => {
      const step = z.object({ date: beijingDateString, note: text() });
      return z.object({ reason: text(), meeting: step, mediation: step });
    },
  }),
  decideNonCompliant: def({
    path: 'decide-non-compliant',
    label: '不合规诉求审批',
    roles: ['supervisor', 'admin'],
    statuses: ['non_compliant_review'],
    schema: () =>
      z.object({ approve: z.boolean(), note }).refine((v) => v.approve || v.note !== undefined, { path: ['note'], error: '不予批准须说明理由' }),
  }),
  urge: def({
    path: 'urge',
    label: '催办',
    // R1: the units asked to supervise a direct-dispatch matter urge it too.
    roles: ['supervisor', 'admin', 'handler', 'unit_leader', 'reviewer'],
    unitScope: 'supervising',
    statuses: ['dispatched', 'designating', 'reply_review', 'replied', ...handlingStatuses],
    schema: () => z.object({ note }),
    signal: true,
  }),
  consultation: def({
    path: 'consultation',
    label: '召开联席会商',
    roles: ['supervisor', 'admin'],
    statuses: openStatuses,
    schema: () => z.object({ topic: text(500), participants: z.array(text(100)).min(1).max(50), at: isoInstant }),
    signal: true,
  }),
  consultationOutcome: def({
    path: 'consultation-outcome',
    label: '会商结论',
    roles: ['supervisor', 'admin'],
    statuses: openStatuses,
    refs: [unit('unit')],
    schema: () => z.object({ summary: text(), unit: unitCode.optional() }),
    signal: true,
  }),
  merge: def({
    path: 'merge',
    label: '合并工单',
    roles: ['operator', 'dispatcher', 'admin'],
    statuses: beforeHandling,
    refs: [{ field: 'into', kind: 'ticket' }],
    schema: () => z.object({ into: z.string().trim().min(1).max(64) }),
  }),
  answer: def({
    path: 'answer',
    label: '咨询直答',
    roles: ['operator', 'admin'],
    statuses: ['registered'],
    // Issue 15: the knowledge-base article (and version) or the temporary notice answered from;
    // optional, so tickets answered before record what they always did.
    schema: () =>
      z.object({
        answer: text(5000),
        article: z.object({ articleId: z.string().regex(/^KB\d{6,}$/, 'expected an article id KB…'), version: z.number().int().min(1) }).optional(),
        notice: z
          .string()
          .regex(/^NT\d{6,}$/, 'expected a notice id NT…')
          .optional(),
      }),
  }),
  outOfScope: def({
    path: 'out-of-scope',
    label: '超出职责范围',
    roles: ['operator', 'admin'],
    statuses: ['registered'],
    refs: [{ field: 'situation', kind: 'situation' }],
    schema: () => z.object({ situation: z.string().trim().min(1).max(64), explanation: text() }),
  }),
  handOff: def({
    path: 'hand-off',
    label: '移交应急',
    roles: ['operator', 'admin'],
    statuses: ['registered'],
    schema: () => z.object({ service: z.enum(['110', '119', '120', '122']), note }),
  }),
  whistle: def({
    path: 'whistle',
    label: '吹哨报到',
    roles: unitPeople,
    unitScope: 'lead',
    statuses: handlingStatuses,
    refs: [unit('department')],
    schema: () => z.object({ department: unitCode, note }),
  }),
  assignDown: def({
    path: 'assign-down',
    label: '下派',
    roles: unitPeople,
    unitScope: 'lead',
    statuses: handlingStatuses,
    refs: [unit('unit')],
    schema: () => z.object({ unit: unitCode, note }),
  }),
  transferOut: def({
    path: 'transfer-out',
    label: '转外市',
    roles: ['operator', 'dispatcher', 'admin'],
    statuses: beforeHandling,
    refs: [{ field: 'city', kind: 'city' }],
    schema: () => z.object({ city: z.string().trim().min(1).max(64), reference: z.string().trim().max(100).optional() }),
  }),
  note: def({
    path: 'note',
    label: '备注',
    roles: ['operator', 'dispatcher', 'handler', 'unit_leader', 'reviewer', 'follow_up', 'supervisor', 'admin'],
    unitScope: 'involved',
    statuses: openStatuses,
    schema: () => z.object({ note: text() }),
    signal: true,
  }),
  attach: def({
    path: 'attach',
    label: '添加附件',
    // The step decides further who may attach (attachments.ts stepRoles).
    roles: ['operator', 'handler', 'unit_leader', 'follow_up', 'admin', 'system'],
    unitScope: 'involved',
    statuses: openStatuses,
    schema: attachInputSchema,
    ownRoute: true,
  }),
} as const;

export type ActionName = keyof typeof actions;
export type ActionInput<A extends ActionName> = z.infer<(typeof actions)[A]['schema']>;
export const actionNames = Object.keys(actions) as ActionName[];

export function actionByPath(path: string): ActionName | undefined {
  return actionNames.find((a) => actions[a].path === path && !(actions[a] as ActionDef).ownRoute);
}
