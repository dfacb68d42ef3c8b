// The dimensions every figure can be cut by (issue #14): what the request is (咨询/求助/投诉/举报/建议,
// or unknown for tickets registered before it was asked), who made it (个人/企业), and the channel it
// came through (110's transfers among them). They are facts of the ticket (ticket_summaries).
import type { Channel, CitizenKind, RequestType } from '../domain/ticket';

export interface Dimensions {
  /** 'unknown': tickets registered before the request type was asked. */
  requestType?: RequestType | 'unknown';
  citizenKind?: CitizenKind;
  channel?: Channel;
}

/**
 * The `WHERE` conditions on ticket_summaries (alias `s`) for these dimensions, its values pushed
 * onto `params` (numbered after what is there already). Empty when no dimension is given.
 */
export function dimensionConditions(d: Dimensions, params: unknown[]): string[] {
  const where: string[] = [];
  const bind = (v: unknown) => `$${params.push(v)}`;
  if (d.requestType === 'unknown') where.push('s.request_type IS NULL');
  else if (d.requestType) where.push(`s.request_type = ${bind(d.requestType)}`);
  if (d.citizenKind) where.push(`s.citizen_kind = ${bind(d.citizenKind)}`);
  if (d.channel) where.push(`s.channel = ${bind(d.channel)}`);
  return where;
}

/** ` AND ticket_id IN (…)`: confines a query over another table to the tickets of these dimensions. */
export function ticketsOf(d: Dimensions, params: unknown[], column = 'ticket_id'): string {
  const where = dimensionConditions(d, params);
  return where.length ? ` AND ${column} IN (SELECT s.id FROM ticket_summaries s WHERE ${where.join(' AND ')})` : '';
}
