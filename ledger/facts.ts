// Pure derivations from a (redacted) TicketState: the summary row and the current assignment row.
import { beijingDate } from '../domain/calendar';
import type { ClosureKind, FollowUpResult, Satisfaction, TicketState } from '../domain/ticket';

export interface FinalRound {
  round: number;
  answers: number;
  satisfied: number;
  basicallySatisfied: number;
  unsatisfied: number;
  resolved: number;
  unresolved: number;
  /** The worst answer of the round (one unsatisfied citizen makes the ticket unsatisfied). */
  satisfaction: Satisfaction;
  /** Every answer of the round said resolved. */
  allResolved: boolean;
}

const worst: Satisfaction[] = ['unsatisfied', 'basically_satisfied', 'satisfied'];

/** The last follow-up round that has answers (the one a closure was decided on); undefined if none. */
export function finalRound(followUps: FollowUpResult[]): FinalRound | undefined {
  if (followUps.length === 0) return undefined;
  const round = Math.max(...followUps.map((f) => f.round));
  const rs = followUps.filter((f) => f.round === round);
  const count = (s: Satisfaction) => rs.filter((f) => f.satisfaction === s).length;
  return {
    round,
    answers: rs.length,
    satisfied: count('satisfied'),
    basicallySatisfied: count('basically_satisfied'),
    unsatisfied: count('unsatisfied'),
    resolved: rs.filter((f) => f.resolved).length,
    unresolved: rs.filter((f) => !f.resolved).length,
    satisfaction: worst.find((s) => rs.some((f) => f.satisfaction === s))!,
    allResolved: rs.every((f) => f.resolved),
  };
}

const firstContact = (t: TicketState) => t.contacts.find((c) => c.stage === 'first')?.at;
/**
 * A reply counts as given when the unit leader signs it off (R3, seed 002 审签后反馈): its time is
 * the sign-off's, and whether it was on time is known only then. A draft waiting for sign-off, or
 * sent back, is no reply yet.
 */
const signedOff = (t: TicketState) => (t.reply?.review?.approved ? t.reply.review : undefined);
const signedOffAt = (t: TicketState) => signedOff(t)?.at ?? null;
const signedOffOnTime = (t: TicketState) => (signedOff(t) ? t.reply!.onTime : null);
const lastSeq = (t: TicketState) => t.history.at(-1)?.seq ?? 0;

export interface SummaryRow {
  id: string;
  channel: string;
  category: string;
  district: string;
  street: string | null;
  leadUnit: string | null;
  coUnits: string[];
  status: string;
  registeredAt: string;
  registeredDate: string;
  dispatchedAt: string | null;
  signedAt: string | null;
  firstContactAt: string | null;
  repliedAt: string | null;
  closedAt: string | null;
  deadlines: TicketState['deadlines'];
  overdue: boolean;
  designated: boolean;
  provincial: boolean;
  jsbl: boolean;
  urgent: boolean;
  dispatches: number;
  returns: number;
  transfers: number;
  rehandles: number;
  urges: number;
  replyOnTime: boolean | null;
  satisfaction: Satisfaction | null;
  resolved: boolean | null;
  followUp: FinalRound | null;
  closure: ClosureKind | null;
  requesters: number;
  requestType: string | null;
  citizenKind: string;
  dispatchBy: string | null;
  dispatchOverdue: boolean;
  lastSeq: number;
}

export function summaryRow(t: TicketState): SummaryRow {
  const fr = finalRound(t.followUps);
  return {
    id: t.id,
    channel: t.channel,
    category: t.category,
    district: t.location.district,
    street: t.location.street ?? null,
    leadUnit: t.leadUnit ?? null,
    coUnits: t.coUnits,
    status: t.status,
    registeredAt: t.registeredAt,
    registeredDate: beijingDate(Date.parse(t.registeredAt)),
    dispatchedAt: t.dispatchedAt ?? null,
    signedAt: t.signedAt ?? null,
    firstContactAt: firstContact(t) ?? null,
    repliedAt: signedOffAt(t),
    closedAt: t.closedAt ?? null,
    deadlines: t.deadlines,
    overdue: t.flags.overdue,
    designated: t.flags.designated,
    provincial: t.flags.provincial,
    jsbl: t.flags.jsbl,
    urgent: t.flags.urgent,
    dispatches: t.counters.dispatches,
    returns: t.counters.returns,
    transfers: t.counters.transfers,
    rehandles: t.counters.rehandles,
    urges: t.counters.urges,
    replyOnTime: signedOffOnTime(t),
    satisfaction: fr?.satisfaction ?? null,
    resolved: fr ? fr.allResolved : null,
    followUp: fr ?? null,
    closure: t.outcome?.closure ?? null,
    requesters: t.requesters.length,
    requestType: t.requestType ?? null,
    citizenKind: t.citizenKind ?? 'person',
    dispatchBy: t.deadlines.dispatchBy ?? null,
    dispatchOverdue: t.flags.dispatchOverdue === true,
    lastSeq: lastSeq(t),
  };
}

/** The facts of the ticket's current dispatch (counters.dispatches), as far as this state shows them. */
export interface AssignmentRow {
  ticketId: string;
  dispatchNo: number;
  unit: string;
  dispatchedAt: string;
  dispatchedDate: string;
  designated: boolean;
  signBy: string | null;
  signedAt: string | null;
  signOverdue: boolean;
  firstContactBy: string | null;
  firstContactAt: string | null;
  contactOverdue: boolean;
  replyBy: string | null;
  repliedAt: string | null;
  replyOnTime: boolean | null;
  overdue: boolean;
  rehandles: number;
  status: string;
  closedAt: string | null;
  closure: ClosureKind | null;
  satisfaction: Satisfaction | null;
  resolved: boolean | null;
  lastSeq: number;
}

export function assignmentRow(t: TicketState): AssignmentRow | undefined {
  const n = t.counters.dispatches;
  // After a return the lead unit is cleared; the assignment is still the returning unit's.
  const unit = t.leadUnit ?? t.returnedBy.at(-1);
  if (n === 0 || !t.dispatchedAt || !unit) return undefined;
  const live = t.leadUnit !== undefined;
  const fr = finalRound(t.followUps);
  return {
    ticketId: t.id,
    dispatchNo: n,
    unit,
    dispatchedAt: t.dispatchedAt,
    dispatchedDate: beijingDate(Date.parse(t.dispatchedAt)),
    designated: t.flags.designated,
    signBy: t.deadlines.signBy ?? null,
    signedAt: t.signedAt ?? null,
    signOverdue: live && t.alerts.signOverdue === true,
    firstContactBy: t.deadlines.firstContactBy ?? null,
    firstContactAt: firstContact(t) ?? null,
    contactOverdue: live && t.alerts.firstContactOverdue === true,
    replyBy: t.deadlines.replyBy ?? null,
    repliedAt: signedOffAt(t),
    replyOnTime: signedOffOnTime(t),
    overdue: live && (t.flags.overdue || signedOffOnTime(t) === false),
    rehandles: t.counters.rehandles,
    status: t.status,
    closedAt: live ? (t.closedAt ?? null) : null,
    closure: live ? (t.outcome?.closure ?? null) : null,
    satisfaction: live && t.status === 'closed' ? (fr?.satisfaction ?? null) : null,
    resolved: live && t.status === 'closed' && fr ? fr.allResolved : null,
    lastSeq: lastSeq(t),
  };
}
