// Which tickets a unit's people may see at all. A ticket they may not see is answered like one
// that does not exist: a 403 would tell them which ticket numbers are in use. Hotline roles see
// every ticket.
import { Actor, isUnitRole, TicketState } from './model';
import { isDelegate } from './delegation';
import { Refusal, refusal } from './rejection';

type Who = Pick<Actor, 'role' | 'unit'>;

/** Lead, co-unit or direct-dispatch supervisor (R1): a unit all of whose people the ticket concerns. */
const leadsOrJoins = (t: TicketState, unit: string): boolean =>
  t.leadUnit === unit || t.coUnits.includes(unit) || t.supervisingUnits?.includes(unit) === true;

/** Whether `unit` is on the ticket: as above, or passed down to (下派, R18). */
export const unitOnTicket = (t: TicketState, unit: string): boolean => leadsOrJoins(t, unit) || (t.delegates ?? []).some((d) => d.unit === unit);

/**
 * Whether `actor` may read the ticket: any of the units on it, except that of a unit it was passed
 * down to only the handlers read it (they do the handling work; its leaders lead nothing on it).
 */
export function unitSees(t: TicketState, actor: Who): boolean {
  if (!isUnitRole(actor.role)) return true;
  return actor.unit !== undefined && (leadsOrJoins(t, actor.unit) || isDelegate(t, actor));
}

/** The same words as a ticket that does not exist (api/errors.ts `notFound`). */
export const noSuchTicket = (id: string) => `工单 ${id} 不存在`;

/**
 * An action by a unit's person on a ticket their unit is not on: refused before anything else
 * about it (its input, its role on the ticket, its status). A unit that is on it is told what it
 * may not do there (403), as the leader of a unit the ticket was passed down to is.
 */
export function sightRefusal(t: TicketState, actor: Who): Refusal | undefined {
  if (!isUnitRole(actor.role) || (actor.unit !== undefined && unitOnTicket(t, actor.unit))) return undefined;
  return refusal('sight', noSuchTicket(t.id), t.status);
}
