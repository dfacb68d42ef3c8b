// A ticket as the API shows it: the workflow's `state`, shaped for clients (overdue and rehandles
// at the top, internal alert bookkeeping left out) and with the citizen's phone masked for every
// reader who does not call them (domain/ticket/contact.ts decides who does). Pure.
import {
  actions,
  allowedActions,
  Actor,
  citizenKinds,
  contactRoute,
  contactRouteLabels,
  requestTypes,
  seesFullPhone,
  TicketState,
} from '../domain/ticket';
import type { TicketView } from './schemas';

/** `13812345678` → `138****5678`; short numbers keep only their last two characters. */
export function maskPhone(phone: string): string {
  const p = phone.trim();
  if (p.length >= 8) return `${p.slice(0, 3)}****${p.slice(-4)}`;
  if (p.length <= 2) return '*'.repeat(p.length);
  return `${'*'.repeat(p.length - 2)}${p.slice(-2)}`;
}

/**
 * `archived`: read from the ledger because the workflow is gone from Temporal (past retention, or
 * deleted); the ledger's copy never held names or phone numbers, and nobody acts on it any more.
 * `fullPhones` false: every number masked (a full read that could not be recorded, api/phone-disclosure.ts).
 */
export function ticketView(t: TicketState, viewer: Actor, archived = false, now = Date.now(), fullPhones = true): TicketView {
  const route = contactRoute(t);
  return {
    id: t.id,
    status: t.status,
    statusLabel: t.statusLabel,
    channel: t.channel,
    category: t.category,
    requestType: t.requestType,
    requestTypeLabel: t.requestType && requestTypes[t.requestType],
    citizenKind: t.citizenKind,
    citizenKindLabel: t.citizenKind && citizenKinds[t.citizenKind],
    description: t.description,
    location: t.location,
    requesters: t.requesters.map((r) => ({
      ...r,
      ...(r.phone !== undefined ? { phone: fullPhones && seesFullPhone(t, viewer, r) ? r.phone : maskPhone(r.phone) } : {}),
    })),
    leadUnit: t.leadUnit,
    coUnits: t.coUnits,
    ...(t.delegates ? { delegates: t.delegates } : {}),
    ...(t.whistles ? { whistles: t.whistles } : {}),
    ...(t.firstUnit !== undefined ? { firstUnit: t.firstUnit } : {}),
    ...(t.supervisingUnits ? { supervisingUnits: t.supervisingUnits } : {}),
    returnedBy: t.returnedBy,
    registeredAt: t.registeredAt,
    dispatchedAt: t.dispatchedAt,
    signedAt: t.signedAt,
    closedAt: t.closedAt,
    deadlines: t.deadlines,
    overdue: t.flags.overdue,
    dispatchOverdue: t.flags.dispatchOverdue === true,
    rehandles: t.counters.rehandles,
    contactRoute: route,
    contactRouteLabel: contactRouteLabels[route],
    flags: t.flags,
    counters: t.counters,
    contacts: t.contacts,
    visits: t.visits,
    extension: t.extension,
    commitments: t.commitments,
    reply: t.reply,
    followUps: t.followUps,
    followUp: t.followUp,
    consultations: t.consultations,
    ...(t.nonCompliant ? { nonCompliant: t.nonCompliant } : {}),
    outcome: t.outcome,
    history: t.history,
    supervision: t.supervision,
    archived,
    allowedActions: archived ? [] : allowedActions(t, viewer, now).map((a) => actions[a].path),
  };
}
