// A ticket as the API shows it: the workflow's `state`, shaped for clients (overdue and rehandles
// at the top, internal alert bookkeeping left out) and with the citizen's phone masked for every
// reader who does not call them (domain/ticket/contact.ts decides who does). Pure.
import { maskPhonesDeep } from '../domain/phone-text';
import {
  actions,
  allowedActions,
  attachSteps,
  Actor,
  citizenKinds,
  contactRoute,
  contactRouteLabels,
  hotlinePhoneRoles,
  isUnitRole,
  requestTypes,
  seesFullPhone,
  TicketState,
  readsRecording,
  visibleAttachments,
} from '../domain/ticket';
import type { TicketView } from './schemas';

/**
 * `13812345678` → `138****5678`; short numbers keep only their last two characters. An anonymous
 * requester's number shows no digit: seven of eleven narrow it down to a handful of people.
 */
export function maskPhone(phone: string, anonymous = false): string {
  const p = phone.trim();
  if (anonymous) return '*'.repeat(p.length);
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
  const view = fullView(t, viewer, archived, now, fullPhones);
  if (fullPhones && seesPhonesInText(t, viewer)) return view;
  // Numbers typed into free text (description, notes, replies) are masked like the phone field.
  // The handler's own work number stays: supervisors and dispatchers reach the unit through it.
  const { requesters, ...text } = view;
  const masked = maskPhonesDeep(text);
  return { ...masked, requesters, reply: view.reply && masked.reply && { ...masked.reply, handlerPhone: view.reply.handlerPhone } };
}

/**
 * Whether `viewer` may read phone numbers typed into the ticket's free text: whoever may call the
 * citizen (the hotline's roles; the units on the ticket unless a requester asked for 保密).
 */
export function seesPhonesInText(t: TicketState, viewer: Pick<Actor, 'role' | 'unit'>): boolean {
  if (hotlinePhoneRoles.includes(viewer.role)) return true;
  if (!isUnitRole(viewer.role) || viewer.unit === undefined) return false;
  const involved = viewer.unit === t.leadUnit || t.coUnits.includes(viewer.unit);
  return involved && !t.requesters.some((r) => r.confidential);
}

/** The steps `viewer` may attach files at now (POST …/attachments); absent when none. */
function attachable(t: TicketState, viewer: Actor, archived: boolean, now: number) {
  const steps = archived ? [] : attachSteps(t, viewer, now);
  return steps.length ? { attachSteps: steps } : {};
}

function fullView(t: TicketState, viewer: Actor, archived: boolean, now: number, fullPhones: boolean): TicketView {
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
      ...(r.phone !== undefined ? { phone: fullPhones && seesFullPhone(t, viewer, r) ? r.phone : maskPhone(r.phone, r.anonymous) } : {}),
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
    ...(t.attachments?.length ? { attachments: visibleAttachments(t, viewer) } : {}),
    ...(t.recording && readsRecording(t, viewer) ? { recording: t.recording } : {}),
    ...(t.mediaUrls ? { mediaUrls: t.mediaUrls } : {}),
    archived,
    allowedActions: archived ? [] : allowedActions(t, viewer, now).map((a) => actions[a].path),
    ...attachable(t, viewer, archived, now),
  };
}
