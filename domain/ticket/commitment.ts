// R6 (seed 002: 作出承诺，在工单回复中答复办理过程及预计办理完毕时限，承诺事项要登记在册，后续跟踪推进):
// a reply that cannot solve the matter in time may carry a commitment, its content and the date
// the unit expects to be done. It rides on the reply draft and is registered when the reply is
// finally signed off — by the one function below, whichever sign-off flow calls it — as a
// commitment of its own (domain/commitment/), tracked after the ticket closes.
import { z } from 'zod';
import { beijingDate, DATE_HORIZON_DAYS, isCalendarDate, latestNamedDate } from '../calendar';
import { commitmentWorkflowId } from '../commitment/model';
import type { DecisionContext } from './decide';
import type { Effect } from './effects';
import type { TicketState } from './model';
import { conflict, invalidField } from './rejection';
import { endOfBeijingDay } from './rules';
import { iso } from './transitions';

export const replyCommitmentSchema = z.object({
  content: z.string().trim().min(1).max(2000),
  dueDate: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD')
    .refine(isCalendarDate, 'not a real calendar date'),
});
export type ReplyCommitment = z.infer<typeof replyCommitmentSchema>;

/** A reply's commitment: only for a matter not solved, on a date after today and within the horizon. */
export function checkReplyCommitment(c: ReplyCommitment | undefined, solved: boolean, ctx: DecisionContext): void {
  if (!c) return;
  if (solved) conflict('诉求已解决（solved 为 true）的答复无需作出承诺');
  const today = beijingDate(ctx.now);
  if (c.dueDate <= today) invalidField('commitment.dueDate', `承诺办结日期须晚于今天（${today}）`);
  const latest = latestNamedDate(ctx.now);
  if (c.dueDate > latest) invalidField('commitment.dueDate', `承诺办结日期最晚为 ${latest}（${DATE_HORIZON_DAYS} 天内）`);
}

/**
 * At the reply's final sign-off: registers its commitment on the ticket and asks for the
 * commitment's own tracking to start. Nothing when the reply carries none.
 */
export function registerReplyCommitment(t: TicketState, ctx: DecisionContext): Effect[] {
  const c = t.reply?.commitment;
  if (!c || !t.leadUnit) return [];
  const number = t.commitments.filter((x) => x.number !== undefined).length + 1;
  const dueAt = endOfBeijingDay(c.dueDate);
  const id = commitmentWorkflowId(t.id, number);
  t.commitments.push({ text: c.content, dueAt, registeredAt: iso(ctx.now), number, id, unit: t.leadUnit, dueDate: c.dueDate });
  return [
    {
      kind: 'startCommitment',
      commitment: {
        id,
        ticketId: t.id,
        number,
        unit: t.leadUnit,
        content: c.content,
        dueDate: c.dueDate,
        dueAt,
        registeredAt: iso(ctx.now),
        registeredBy: ctx.actor.id,
        reminderHours: ctx.rules.replyReminderHours,
      },
    },
  ];
}
