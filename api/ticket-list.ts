// GET /api/v1/tickets: the visibility query built from the filters (and, for handlers and unit
// leaders, forced to their own unit), page tokens, and summaries read from search attributes and
// the memo only: no personal data ever reaches a list. Pure.
import type { WorkflowExecutionInfo } from '@temporalio/client';
import { Actor, isUnitRole, ticketStatuses, TicketStatus } from '../domain/ticket';
import { WORKFLOW_TYPE } from '../workflows/messages';
import * as sa from '../workflows/search-attributes';
import { ApiError } from './errors';
import type { ListQuery, TicketSummaryView } from './schemas';

/** The unit a caller's list is confined to: their own for handlers and unit leaders. */
export function scopedUnit(q: Pick<ListQuery, 'unit'>, actor: Actor): string | undefined {
  if (!isUnitRole(actor.role)) return q.unit;
  if (q.unit !== undefined && q.unit !== actor.unit) {
    throw new ApiError('forbidden', `${actor.role} 只能查看本单位（${actor.unit}）主办或协办的工单`);
  }
  return actor.unit;
}

/**
 * The visibility query. Values are catalog codes or status names, validated against a pattern
 * without quotes (listQuerySchema), so they cannot break out of the string literal.
 */
export function visibilityQuery(q: Omit<ListQuery, 'pageSize' | 'pageToken'>, unit: string | undefined): string {
  const lit = (v: string) => {
    if (!/^[A-Za-z0-9_.-]+$/.test(v)) throw new ApiError('validation_failed', `非法的查询值 ${JSON.stringify(v)}`);
    return `'${v}'`;
  };
  const where = [`WorkflowType = ${lit(WORKFLOW_TYPE)}`];
  if (q.status) where.push(`${sa.TicketStatus.name} = ${lit(q.status)}`);
  if (unit) where.push(`(${sa.TicketUnit.name} = ${lit(unit)} OR ${sa.TicketCoUnits.name} = ${lit(unit)})`);
  if (q.category) where.push(`${sa.TicketCategory.name} = ${lit(q.category)}`);
  if (q.district) where.push(`${sa.TicketDistrict.name} = ${lit(q.district)}`);
  if (q.overdue !== undefined) where.push(`${sa.TicketOverdue.name} = ${q.overdue ? 'true' : 'false'}`);
  return where.join(' AND ');
}

export const encodePageToken = (token: Uint8Array): string => Buffer.from(token).toString('base64url');
/**
 * A page token back from the client. Temporal's visibility tokens are JSON; anything else is
 * refused here (400) instead of being sent to a server that would answer with retried errors.
 */
export function decodePageToken(token: string): Uint8Array {
  const raw = Buffer.from(token, 'base64url');
  let ok: boolean;
  try {
    const parsed: unknown = JSON.parse(raw.toString('utf8'));
    ok = typeof parsed === 'object' && parsed !== null;
  } catch {
    ok = false;
  }
  if (!ok) throw new ApiError('validation_failed', 'pageToken 无效', [{ path: 'pageToken', message: 'not a nextPageToken of this list' }]);
  return new Uint8Array(raw);
}

type ExecutionInfo = Pick<WorkflowExecutionInfo, 'workflowId' | 'startTime' | 'closeTime' | 'memo' | 'typedSearchAttributes'>;

export function ticketSummary(w: ExecutionInfo): TicketSummaryView {
  const get = w.typedSearchAttributes;
  const status = get.get(sa.TicketStatus) as TicketStatus | undefined;
  const known = status !== undefined && status in ticketStatuses ? status : undefined;
  const replyBy = get.get(sa.TicketReplyDueAt);
  const summary = w.memo?.summary;
  return {
    id: w.workflowId,
    status: known,
    statusLabel: known ? ticketStatuses[known] : undefined,
    category: get.get(sa.TicketCategory),
    channel: get.get(sa.TicketChannel),
    district: get.get(sa.TicketDistrict),
    leadUnit: get.get(sa.TicketUnit),
    coUnits: get.get(sa.TicketCoUnits) ?? [],
    urgent: get.get(sa.TicketUrgent),
    overdue: get.get(sa.TicketOverdue),
    rehandles: get.get(sa.TicketRehandles),
    replyBy: replyBy ? replyBy.toISOString() : undefined,
    registeredAt: w.startTime.toISOString(),
    closedAt: w.closeTime?.toISOString(),
    summary: typeof summary === 'string' ? summary : undefined,
  };
}
