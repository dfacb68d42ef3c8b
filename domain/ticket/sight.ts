// Which tickets a unit's people may see at all: the lead unit, the co-units, the direct-dispatch
// supervisors (R1) and the units it was passed down to (下派, R18, their handlers). A ticket they
// may not see is answered like one that does not exist: a 403 would tell them which ticket
// numbers are in use. Hotline roles see every ticket.
import { Actor, isUnitRole, TicketState } from './model';
import { isDelegate } from './delegation';
import { Refusal, refusal } from './rejection';

export function unitSees(t: TicketState, actor: Pick<Actor, 'role' | 'unit'>): boolean {
  if (!isUnitRole(actor.role)) return true;
  const unit = actor.unit;
  return (
    unit !== undefined && (t.leadUnit === unit || t.coUnits.includes(unit) || t.supervisingUnits?.includes(unit) === true || isDelegate(t, actor))
  );
}

/** The same words as a ticket that does not exist (api/errors.ts `notFound`). */
export const noSuchTicket = (id: string) => `工单 ${id} 不存在`;

/** Checked before anything else about an action: before its input, its role on the ticket, its status. */
export function sightRefusal(t: TicketState, actor: Pick<Actor, 'role' | 'unit'>): Refusal | undefined {
  return unitSees(t, actor) ? undefined : refusal('sight', noSuchTicket(t.id), t.status);
}
