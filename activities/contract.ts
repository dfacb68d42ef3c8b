// The activities a ticket workflow calls, as types only: the workflow imports nothing else from
// activities/, so no Node module reaches the workflow bundle.
import type { ActionName } from '../domain/ticket/actions';
import type { NotificationEvent } from '../domain/ticket/effects';
import type { FieldIssue } from '../domain/ticket/rejection';
import type { LedgerActivities } from '../ledger/contract';
import type { BulletinActivities } from './bulletin';

export interface TicketSummary {
  id: string;
  category: string;
  district: string;
  street?: string;
  status: string;
  description: string;
  leadUnit?: string;
  replyBy?: string;
  signBy?: string;
  designateBy?: string;
  /** Optional: shown in contact_overdue / rehandle mail when the workflow passes it. */
  firstContactBy?: string;
  /** Optional: the dispatch deadline (按时派单率). */
  dispatchBy?: string;
  /** Optional: the approved commitment's deadline (extension). */
  extensionUntil?: string;
  /** Optional: when the follow-up ends as unreachable; a rating link expires no later. */
  followUpBy?: string;
}

export interface NotifyRequest {
  ticket: TicketSummary;
  event: NotificationEvent;
  units: string[];
  supervisors?: boolean;
  /** Also the hotline's dispatch desk (派单组). */
  dispatchDesk?: boolean;
  detail?: string;
  /** Unique per (ticket, event occurrence): the mail's Message-ID is derived from it. */
  key: string;
}

export interface NotifyResult {
  /** One per message sent, in recipient order; the same on every retry. */
  messageIds: string[];
  /** Recipients refused for good (5xx from the server, unit missing from the catalog): not retried. */
  rejected?: { recipient: string; reason: string }[];
}

export interface FollowUpCallRequest {
  ticket: TicketSummary;
  attempt: number;
  /** Follow-up round (0 = first handling, n = after the n-th re-handle); 0 when absent. */
  round?: number;
  requesters: { index: number; phone?: string; name?: string }[];
  /** Jiayuguan's practice (seed 001): the citizen hears who handled it and how to reach them. */
  handler?: { name: string; phone: string };
  reply?: string;
}

export interface FollowUpCallResult {
  /** 'placed': the provider will report the rating back through the API's callback. */
  outcome: 'placed' | 'queued_manual' | 'failed';
  detail?: string;
}

/** Everything a ticket worker registers: side effects and the ledger. */
export type WorkerActivities = TicketActivities & LedgerActivities & BulletinActivities;

export interface TicketActivities {
  notifyUnits(req: NotifyRequest): Promise<NotifyResult>;
  placeFollowUpCall(req: FollowUpCallRequest): Promise<FollowUpCallResult>;
  /** The catalog check of an action's input (as the API makes it before an Update), for signals. */
  checkActionRefs(req: { action: ActionName; input: unknown }): Promise<FieldIssue[]>;
}
