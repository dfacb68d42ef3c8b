// Which of a ticket's deadlines still bind its current step, for the people who read them: a
// deadline met or left behind (signed, contacted, replied, followed up) keeps its date in the state
// but no longer counts down. Mirrors the steps the timers chase (timers.ts), without their context.
import { Deadlines, handlingStatuses, TicketState, TicketStatus } from './model';

const replyChased: readonly TicketStatus[] = ['dispatched', ...handlingStatuses, 'reply_review', 'replied'];

const binds: Record<keyof Deadlines, (t: Pick<TicketState, 'status' | 'contacts'>) => boolean> = {
  dispatchBy: (t) => t.status === 'registered',
  signBy: (t) => t.status === 'dispatched',
  returnBy: (t) => t.status === 'dispatched' || handlingStatuses.includes(t.status),
  firstContactBy: (t) => (t.status === 'dispatched' || handlingStatuses.includes(t.status)) && !t.contacts.some((c) => c.stage === 'first'),
  replyBy: (t) => replyChased.includes(t.status),
  extensionUntil: (t) => replyChased.includes(t.status),
  designateBy: (t) => t.status === 'designating',
  followUpBy: (t) => t.status === 'follow_up',
};

export function isDeadlineRunning(name: string, t: Pick<TicketState, 'status' | 'contacts'>): boolean {
  const rule = binds[name as keyof Deadlines];
  return rule ? rule(t) : true;
}
