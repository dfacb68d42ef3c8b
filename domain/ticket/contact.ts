// How a unit reaches the citizen (R4 two contacts, R5 face to face) and who sees the citizen's
// phone number. The unit roles on the ticket call the citizen themselves and so see the number in
// full (seed 002: 接到工单后立即 … 第一次联系); a citizen who asked for confidentiality (保密) at
// intake is reached through the hotline instead, and units see the number masked; an anonymous
// requester who left no phone cannot be reached at all, so R4 does not apply. Pure.
import { isDelegate } from './delegation';
import { Actor, isUnitRole, Requester, Role, TicketState } from './model';

/** direct: the unit contacts the citizen; relay: the hotline does (保密); none: nobody can (匿名无电话). */
export type ContactRoute = 'direct' | 'relay' | 'none';
export const contactRouteLabels: Record<ContactRoute, string> = {
  direct: '承办单位直接联系诉求人',
  relay: '诉求人要求保密：经热线转达联系',
  none: '诉求人匿名且未留电话：两次有效联系不适用',
};

/** A requester a unit may reach itself: not confidential, and with a phone or a name to visit. */
const directlyReachable = (r: Requester) => !r.confidential && (r.phone !== undefined || !r.anonymous);

export function contactRoute(t: TicketState): ContactRoute {
  if (t.requesters.some(directlyReachable)) return 'direct';
  if (t.requesters.some((r) => r.confidential && r.phone !== undefined)) return 'relay';
  return 'none';
}

/** The hotline's own roles: they register the number and call back (回访), so they see it in full. */
export const hotlinePhoneRoles: readonly Role[] = ['operator', 'follow_up', 'admin'];

/** Whether `actor` sees requester `r`'s phone in full on ticket `t` (otherwise masked). */
export function seesFullPhone(t: TicketState, actor: Pick<Actor, 'role' | 'unit'>, r: Requester): boolean {
  if (r.phone === undefined) return false;
  if (hotlinePhoneRoles.includes(actor.role)) return true;
  if (!isUnitRole(actor.role) || r.confidential) return false;
  // A subordinate the ticket was passed down to (下派) contacts the citizen for the lead unit.
  return actor.unit !== undefined && (actor.unit === t.leadUnit || t.coUnits.includes(actor.unit) || isDelegate(t, actor));
}

/** The requesters (indexes) whose phone `actor` sees in full: each such read is recorded (PIPL). */
export const fullPhoneReads = (t: TicketState, actor: Pick<Actor, 'role' | 'unit'>): number[] =>
  t.requesters.flatMap((r, i) => (seesFullPhone(t, actor, r) ? [i] : []));
