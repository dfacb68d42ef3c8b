// GET /api/v1/tickets: the visibility query built from the filters (and, for handlers and unit
// leaders, forced to their own unit), page tokens, and summaries read from search attributes and
// (a ticket from before the patch era) the memo only: no personal data ever reaches a list. Pure.
import type { WorkflowExecutionInfo } from '@temporalio/client';
import { Actor, channels, isUnitRole, ticketStatuses, TicketStatus } from '../domain/ticket';
import { WORKFLOW_TYPE } from '../workflows/messages';
import * as sa from '../workflows/search-attributes';
import { summaryLine, type SummaryFacts } from '../workflows/visibility';
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
 * without quotes (listQuerySchema), so they cannot break out of the string literal. `supervised`:
 * the unit's own list also holds the direct-dispatch tickets it supervises (R1).
 */
export function visibilityQuery(q: Omit<ListQuery, 'pageSize' | 'pageToken'>, unit: string | undefined, supervised = false): string {
  const lit = (v: string) => {
    if (!/^[A-Za-z0-9_.-]+$/.test(v)) throw new ApiError('validation_failed', `非法的查询值 ${JSON.stringify(v)}`);
    return `'${v}'`;
  };
  const where = [`WorkflowType = ${lit(WORKFLOW_TYPE)}`];
  if (q.status) where.push(`${sa.TicketStatus.name} = ${lit(q.status)}`);
  const supervisors = supervised && unit ? ` OR ${sa.TicketSupervisors.name} = ${lit(unit)}` : '';
  const delegates = unit ? ` OR ${sa.TicketDelegates.name} = ${lit(unit)}` : '';
  if (unit) where.push(`(${sa.TicketUnit.name} = ${lit(unit)} OR ${sa.TicketCoUnits.name} = ${lit(unit)}${supervisors}${delegates})`);
  if (q.category) where.push(`${sa.TicketCategory.name} = ${lit(q.category)}`);
  if (q.district) where.push(`${sa.TicketDistrict.name} = ${lit(q.district)}`);
  if (q.requestType) where.push(`${sa.TicketRequestType.name} = ${lit(q.requestType)}`);
  if (q.citizenKind) where.push(`${sa.TicketCitizenKind.name} = ${lit(q.citizenKind)}`);
  if (q.dispatchOverdue !== undefined) where.push(`${sa.TicketDispatchOverdue.name} = ${q.dispatchOverdue ? 'true' : 'false'}`);
  if (q.overdue !== undefined) where.push(`${sa.TicketOverdue.name} = ${q.overdue ? 'true' : 'false'}`);
  return where.join(' AND ');
}

export const encodePageToken = (token: Uint8Array): string => Buffer.from(token).toString('base64url');
/**
 * A page token back from the client. Temporal's visibility tokens are JSON objects: the SQL stores'
 * `{CloseTime, StartTime, RunID}`, Elasticsearch's `{SearchAfter: [...]}`. Anything else is refused
 * here (400) instead of being sent to a server that answers it with retried errors for seconds.
 */
export function decodePageToken(token: string): Uint8Array {
  const raw = Buffer.from(token, 'base64url');
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw.toString('utf8'));
  } catch {
    parsed = undefined;
  }
  if (!isVisibilityToken(parsed)) throw invalidPageToken();
  return new Uint8Array(raw);
}

export const invalidPageToken = () =>
  new ApiError('validation_failed', 'pageToken 无效', [{ path: 'pageToken', message: 'not a nextPageToken of this list' }]);

// The server retries what it cannot parse as an internal error until our deadline: its fields are
// checked as the server's Go code reads them (RFC 3339 times, a run id, scalar sort values).
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;
const isTime = (v: unknown) => typeof v === 'string' && RFC3339.test(v) && !Number.isNaN(Date.parse(v));
const isScalar = (v: unknown) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v === null;

function isVisibilityToken(t: unknown): boolean {
  if (typeof t !== 'object' || t === null || Array.isArray(t)) return false;
  const o = t as Record<string, unknown>;
  const sql = isTime(o.StartTime) && isTime(o.CloseTime) && typeof o.RunID === 'string' && /^[0-9a-fA-F-]{1,64}$/.test(o.RunID);
  const es = Array.isArray(o.SearchAfter) && o.SearchAfter.length > 0 && o.SearchAfter.every(isScalar);
  return sql || es;
}

type ExecutionInfo = Pick<WorkflowExecutionInfo, 'workflowId' | 'startTime' | 'closeTime' | 'memo' | 'typedSearchAttributes'>;

export function ticketSummary(w: ExecutionInfo): TicketSummaryView {
  const get = w.typedSearchAttributes;
  const status = get.get(sa.TicketStatus) as TicketStatus | undefined;
  const known = status !== undefined && status in ticketStatuses ? status : undefined;
  const replyBy = get.get(sa.TicketReplyDueAt);
  const category = get.get(sa.TicketCategory);
  const district = get.get(sa.TicketDistrict);
  const channel = get.get(sa.TicketChannel) as SummaryFacts['channel'] | undefined;
  // Tickets since the patch era keep no memo: the line is made from the search attributes, as the
  // workflow makes its current details; a ticket from before may still carry it in its memo.
  const memo = w.memo?.summary;
  const summary =
    known && category && district && channel && channel in channels
      ? summaryLine({
          statusLabel: ticketStatuses[known],
          category,
          district,
          leadUnit: get.get(sa.TicketUnit),
          replyBy: replyBy?.toISOString(),
          channel,
        })
      : typeof memo === 'string'
        ? memo
        : undefined;
  return {
    id: w.workflowId,
    status: known,
    statusLabel: known ? ticketStatuses[known] : undefined,
    category,
    channel,
    requestType: get.get(sa.TicketRequestType),
    citizenKind: get.get(sa.TicketCitizenKind),
    district,
    leadUnit: get.get(sa.TicketUnit),
    coUnits: get.get(sa.TicketCoUnits) ?? [],
    urgent: get.get(sa.TicketUrgent),
    overdue: get.get(sa.TicketOverdue),
    dispatchOverdue: get.get(sa.TicketDispatchOverdue),
    rehandles: get.get(sa.TicketRehandles),
    replyBy: replyBy ? replyBy.toISOString() : undefined,
    registeredAt: w.startTime.toISOString(),
    closedAt: w.closeTime?.toISOString(),
    summary,
  };
}
