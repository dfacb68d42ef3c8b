// The activities a ticket workflow calls, as types only: the workflow imports nothing else from
// activities/, so no Node module reaches the workflow bundle.
import type { NotificationEvent } from '../domain/ticket/effects';

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
}

export interface NotifyRequest {
  ticket: TicketSummary;
  event: NotificationEvent;
  units: string[];
  supervisors?: boolean;
  detail?: string;
  /** Unique per (ticket, event occurrence): the mail's Message-ID is derived from it. */
  key: string;
}

export interface FollowUpCallRequest {
  ticket: TicketSummary;
  attempt: number;
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

export interface TicketActivities {
  notifyUnits(req: NotifyRequest): Promise<{ messageIds: string[] }>;
  placeFollowUpCall(req: FollowUpCallRequest): Promise<FollowUpCallResult>;
}
