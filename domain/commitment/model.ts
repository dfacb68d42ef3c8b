// A commitment (承诺) of a reply that could not solve the matter in time: registered when the reply
// is signed off, then tracked on its own (seed 002: 作出承诺 … 预计办理完毕时限，承诺事项要登记在册，
// 后续跟踪推进): reminded before its date, flagged overdue after it, closed by the unit once done,
// however long after the ticket itself closed. Pure: no Temporal import.
import type { Actor } from '../ticket/model';

export const commitmentStatuses = { open: '跟踪中', overdue: '已逾期', fulfilled: '已履行' } as const;
export type CommitmentStatus = keyof typeof commitmentStatuses;

/** What a signed-off reply registers; the commitment workflow starts from it. */
export interface CommitmentStart {
  /** The commitment's own workflow id: the ticket's id and the commitment's number on it. */
  id: string;
  ticketId: string;
  /** 1, 2, … per ticket (a re-handled ticket may promise again). */
  number: number;
  /** The lead unit that promised it, and must fulfil it. */
  unit: string;
  content: string;
  /** Beijing date YYYY-MM-DD of the promised completion. */
  dueDate: string;
  /** 24:00 Beijing of dueDate. */
  dueAt: string;
  registeredAt: string;
  registeredBy: string;
  /** The reminder goes out this many hours before dueAt (the ticket's replyReminderHours). */
  reminderHours: number;
}

export interface CommitmentEntry {
  at: string;
  action: 'register' | 'reminder' | 'overdue' | 'fulfil';
  by: string;
  note?: string;
}

export interface CommitmentState extends CommitmentStart {
  status: CommitmentStatus;
  statusLabel: string;
  remindedAt?: string;
  overdueAt?: string;
  fulfilment?: { done: string; at: string; by: string; onTime: boolean };
  history: CommitmentEntry[];
}

export const commitmentWorkflowId = (ticketId: string, n: number): string => `${ticketId}-commitment-${n}`;

export interface CommitmentContext {
  now: number;
  actor: Actor;
}
