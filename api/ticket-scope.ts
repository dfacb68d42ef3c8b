// Handlers and unit leaders see only the tickets of their unit (domain/ticket/sight.ts); a ticket
// they may not see is answered like one that does not exist (404). A read checks before the ticket
// is read (its search attributes say which units it has: no replay of a long history for a caller
// who may not see it); an action asks nothing first: its Update's validator checks the ticket's own
// state, and anything the route reads itself goes through `loadSeen`.
import { Actor, isUnitRole, sightRefusal, TicketState, unitSees } from '../domain/ticket';
import type { ApiContext } from './context';
import { notFound } from './errors';
import type { TicketUnits } from './ticket-store';

/** Lead, co-units, the direct-dispatch supervisors (R1) and the units it was passed down to (下派, R18). */
const involved = (actor: Actor, u: TicketUnits) =>
  actor.unit !== undefined && [u.lead, ...u.co, ...u.supervisors, ...u.delegates].includes(actor.unit);

/** 404 when `actor` is a unit role whose unit is not on ticket `id`; the ticket itself is not read. */
export async function requireVisible(ctx: ApiContext, id: string, actor: Actor): Promise<void> {
  if (!isUnitRole(actor.role)) return;
  const units = await ctx.store.units(id);
  // No such workflow: the caller's own read answers 404, or reads the ledger's copy and checks it there.
  if (units !== undefined && !involved(actor, units)) throw notFound(id);
}

/** The same check on a ticket already read (the ledger's copy of one gone from Temporal). */
export function requireReadable(t: TicketState, actor: Actor): void {
  if (!unitSees(t, actor)) throw notFound(t.id);
}

/** The ticket as it is now, for an action by `actor`; 404 when their unit is not on it (the validator's rule). */
export async function loadSeen(ctx: ApiContext, id: string, actor: Actor): Promise<TicketState> {
  const t = await ctx.store.load(id);
  if (sightRefusal(t, actor)) throw notFound(id);
  return t;
}
