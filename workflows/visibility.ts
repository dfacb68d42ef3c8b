// What a ticket shows to Temporal's visibility store: typed search attributes and a one-line memo.
// Personal data (citizen names, phone numbers) never appears here.
import type { SearchAttributeUpdatePair } from '@temporalio/common';
import { channels, TicketState } from '../domain/ticket';
import * as sa from './search-attributes';

export function ticketSearchAttributePairs(t: TicketState): SearchAttributeUpdatePair[] {
  return [
    { key: sa.TicketStatus, value: t.status },
    { key: sa.TicketUnit, value: t.leadUnit ?? null },
    { key: sa.TicketCoUnits, value: t.coUnits.length ? t.coUnits : null },
    { key: sa.TicketCategory, value: t.category },
    { key: sa.TicketChannel, value: t.channel },
    { key: sa.TicketDistrict, value: t.location.district },
    { key: sa.TicketUrgent, value: t.flags.urgent },
    { key: sa.TicketOverdue, value: t.flags.overdue },
    { key: sa.TicketReplyDueAt, value: t.deadlines.replyBy ? new Date(t.deadlines.replyBy) : null },
    { key: sa.TicketRehandles, value: t.counters.rehandles },
    { key: sa.TicketRequestType, value: t.requestType ?? null },
    { key: sa.TicketCitizenKind, value: t.citizenKind ?? 'person' },
    { key: sa.TicketDispatchOverdue, value: t.flags.dispatchOverdue === true },
    { key: sa.TicketSupervisors, value: t.supervisingUnits?.length ? t.supervisingUnits : null },
    { key: sa.TicketDelegates, value: t.delegates?.length ? t.delegates.map((d) => d.unit) : null },
  ];
}

/** What the one-line summary says: all of it is also in the search attributes. */
export interface SummaryFacts {
  statusLabel: string;
  category: string;
  district: string;
  leadUnit?: string;
  replyBy?: string;
  channel: keyof typeof channels;
}

/** The ticket's one line, as the Web UI's current details and the API's list show it. */
export function summaryLine(f: SummaryFacts): string {
  const unit = f.leadUnit ? ` 主办:${f.leadUnit}` : '';
  const due = f.replyBy ? ` 答复期限:${f.replyBy}` : '';
  return `[${f.statusLabel}] ${f.category}·${f.district}${unit}${due} 渠道:${channels[f.channel]}`;
}

export const ticketSummaryLine = (t: TicketState): string =>
  summaryLine({
    statusLabel: t.statusLabel,
    category: t.category,
    district: t.location.district,
    leadUnit: t.leadUnit,
    replyBy: t.deadlines.replyBy,
    channel: t.channel,
  });
