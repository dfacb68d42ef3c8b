// The ticket's typed search attributes: what supervisors filter on in the Temporal UI and what the
// API's ticket list queries. No citizen name or phone ever goes here (personal data).
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

export const TicketStatus = defineSearchAttributeKey('TicketStatus', SearchAttributeType.KEYWORD);
export const TicketUnit = defineSearchAttributeKey('TicketUnit', SearchAttributeType.KEYWORD);
export const TicketCoUnits = defineSearchAttributeKey('TicketCoUnits', SearchAttributeType.KEYWORD_LIST);
export const TicketCategory = defineSearchAttributeKey('TicketCategory', SearchAttributeType.KEYWORD);
export const TicketChannel = defineSearchAttributeKey('TicketChannel', SearchAttributeType.KEYWORD);
export const TicketDistrict = defineSearchAttributeKey('TicketDistrict', SearchAttributeType.KEYWORD);
export const TicketUrgent = defineSearchAttributeKey('TicketUrgent', SearchAttributeType.BOOL);
export const TicketOverdue = defineSearchAttributeKey('TicketOverdue', SearchAttributeType.BOOL);
export const TicketReplyDueAt = defineSearchAttributeKey('TicketReplyDueAt', SearchAttributeType.DATETIME);
export const TicketRehandles = defineSearchAttributeKey('TicketRehandles', SearchAttributeType.INT);
export const TicketRequestType = defineSearchAttributeKey('TicketRequestType', SearchAttributeType.KEYWORD);
export const TicketCitizenKind = defineSearchAttributeKey('TicketCitizenKind', SearchAttributeType.KEYWORD);
export const TicketDispatchOverdue = defineSearchAttributeKey('TicketDispatchOverdue', SearchAttributeType.BOOL);
/** R1: the units supervising a direct-dispatch matter (county government, city department). */
export const TicketSupervisors = defineSearchAttributeKey('TicketSupervisors', SearchAttributeType.KEYWORD_LIST);
/** 下派 (R18): the subordinate units the lead passed the ticket down to; their handlers work on it. */
export const TicketDelegates = defineSearchAttributeKey('TicketDelegates', SearchAttributeType.KEYWORD_LIST);

export const ticketSearchAttributes = [
  TicketStatus,
  TicketUnit,
  TicketCoUnits,
  TicketCategory,
  TicketChannel,
  TicketDistrict,
  TicketUrgent,
  TicketOverdue,
  TicketReplyDueAt,
  TicketRehandles,
  TicketRequestType,
  TicketCitizenKind,
  TicketDispatchOverdue,
  TicketSupervisors,
  TicketDelegates,
] as const;

/** `KEY=Type` pairs in the form `temporal server start-dev --search-attribute` takes. */
export function searchAttributeFlags(): string[] {
  const cliType: Record<string, string> = {
    KEYWORD: 'Keyword',
    KEYWORD_LIST: 'KeywordList',
    BOOL: 'Bool',
    DATETIME: 'Datetime',
    INT: 'Int',
    TEXT: 'Text',
    DOUBLE: 'Double',
  };
  return ticketSearchAttributes.flatMap((k) => ['--search-attribute', `${k.name}=${cliType[k.type]}`]);
}
