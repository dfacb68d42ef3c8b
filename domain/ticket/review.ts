// R7 (seed 002 "由承办处室负责人审核并送分管领导或主要领导审签"): a drafted reply is reviewed (审核)
// by the lead unit's division head (reviewer), then signed off (审签) by its leader (unit_leader);
// either may send it back to the handler with a reason. A unit the rules name as having no separate
// reviewer skips the review. The hotline's admin signs nothing of a unit's. Pure.
import type { ActionName } from './actions';
import type { DecisionContext } from './decide';
import type { Effect } from './effects';
import type { Handler } from './handlers';
import type { Actor, ReviewFlow, TicketState, TicketStatus } from './model';
import { iso, setStatus, workingStatus } from './transitions';

/** The steps a reply drafted now goes through; undefined for a ticket on the old flow (one sign-off, leader or admin). */
export function reviewFlowFor(t: TicketState, ctx: Pick<DecisionContext, 'rules' | 'legacySignOff'>): ReviewFlow | undefined {
  if (ctx.legacySignOff) return undefined;
  return t.leadUnit !== undefined && ctx.rules.singleStepSignOffUnits?.includes(t.leadUnit) ? 'single_step' : 'two_step';
}

/** Where a drafted reply waits: for the review (two steps), else for the sign-off. */
export const draftedStatus = (flow: ReviewFlow | undefined): TicketStatus => (flow === 'two_step' ? 'reply_review' : 'replied');

/** The admin may sign off only a reply drafted before two-step review; since, the unit's own leader does. */
export function signOffRefusal(t: TicketState, action: ActionName, actor: Actor): string | undefined {
  if (action !== 'approveReply' && action !== 'rejectReply') return undefined;
  if (actor.role !== 'admin' || !t.reply?.reviewFlow) return undefined;
  return '热线管理员不审签承办单位的答复：由主办单位负责人审签';
}

export const reviewHandlers: { reviewReply: Handler<'reviewReply'>; rejectReview: Handler<'rejectReview'> } = {
  reviewReply(t, input, ctx) {
    t.reply!.divisionReview = { approved: true, note: input.note, at: iso(ctx.now), by: ctx.actor.id };
    setStatus(t, 'replied');
    return [];
  },
  rejectReview(t, input, ctx) {
    t.reply!.divisionReview = { approved: false, note: input.note, at: iso(ctx.now), by: ctx.actor.id };
    setStatus(t, workingStatus(t));
    // The reply clock keeps running (R3): the handler redrafts against the same deadline.
    return [sentBack(t, input.note, 'review')];
  },
};

/** The handler is told why the reply came back, by the review or the sign-off. */
export const sentBack = (t: TicketState, note: string, step: 'review' | 'sign-off'): Effect => ({
  kind: 'notify',
  event: 'reply_rejected',
  units: [t.leadUnit!],
  detail: note,
  key: step === 'review' ? `review-reject-${t.reply!.at}` : `reject-${t.reply!.at}`,
});

/** The reminder's wording while a reply waits (答复待审核 / 答复待审签); undefined: the plain reply reminder. */
export function waitingReminder(t: TicketState): 'review_reminder' | 'sign_off_reminder' | undefined {
  if (t.status === 'reply_review') return 'review_reminder';
  // A reply of the old flow keeps the wording it had.
  if (t.status === 'replied' && t.reply?.reviewFlow) return 'sign_off_reminder';
  return undefined;
}
