// One synthetic day of tickets, as the ledger's rows (ticket_summaries, ticket_assignments, and the
// audit entries a figure reads: 审签 approveReply). Shares chosen to look like a city hotline's:
// most tickets handled on time and closed satisfied; some returned (回退) or moved (转办), signed,
// contacted or answered late, re-handled (重办), unreachable (无法联系), declined follow-up (免回访),
// non-compliant (不合规诉求), merged (合并派单), answered at intake (咨询直答). Reproducible from the
// seed; tickets whose steps fall after `now` are still open there.
import { beijingDate } from '../../domain/calendar';
import { City, seeded, weighted, zipf } from './city';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

export interface SummaryRow {
  id: string;
  channel: string;
  category: string;
  district: string;
  street: string | null;
  lead_unit: string | null;
  status: string;
  registered_at: string;
  registered_date: string;
  dispatched_at: string | null;
  signed_at: string | null;
  first_contact_at: string | null;
  replied_at: string | null;
  closed_at: string | null;
  overdue: boolean;
  dispatches: number;
  returns: number;
  transfers: number;
  rehandles: number;
  reply_on_time: boolean | null;
  satisfaction: string | null;
  resolved: boolean | null;
  closure: string | null;
  requesters: number;
  request_type: string;
  citizen_kind: string;
  dispatch_by: string;
  dispatch_overdue: boolean;
  state: string;
  last_seq: number;
}

export interface AssignmentRow {
  ticket_id: string;
  dispatch_no: number;
  unit: string;
  dispatched_at: string;
  dispatched_date: string;
  sign_by: string;
  signed_at: string | null;
  sign_overdue: boolean;
  first_contact_by: string | null;
  first_contact_at: string | null;
  contact_overdue: boolean;
  reply_by: string;
  replied_at: string | null;
  reply_on_time: boolean | null;
  overdue: boolean;
  rehandles_start: number;
  rehandles_end: number;
  status: string;
  closed_at: string | null;
  closure: string | null;
  satisfaction: string | null;
  resolved: boolean | null;
  ended: string | null;
  ended_at: string | null;
  last_seq: number;
}

export interface EventRow {
  ticket_id: string;
  seq: number;
  at: string;
  action: string;
  actor_unit: string;
  status: string;
}

export interface DayRows {
  summaries: SummaryRow[];
  assignments: AssignmentRow[];
  events: EventRow[];
}

const requestType = weighted({ consult: 30, help: 25, complaint: 30, report: 5, suggestion: 10 });
const channel = weighted({ phone: 72, web: 7, wechat: 9, miniprogram: 4, mayor_mailbox: 2, leader_board: 1, police_110: 5 });
const closure = weighted({ satisfied: 80, no_follow_up: 8, unreachable: 5, non_compliant: 2, final_unsatisfied: 5 });
const iso = (ms: number) => new Date(ms).toISOString();
/** A time of day weighted towards office hours (Beijing), in ms after the Beijing midnight. */
const timeOfDay = (r: () => number) => (r() < 0.8 ? 8 * HOUR + r() * 10 * HOUR : r() * DAY);

/**
 * The tickets registered on Beijing date `date`: `perDay` of them, ids `YYYYMMDD-NNNNNNN`; steps
 * after `now` (ms) have not happened yet. `seed` and the date decide everything.
 */
export function syntheticDay(city: City, date: string, perDay: number, seed: number, now: number): DayRows {
  const r = seeded((seed * 1_000_003) ^ Number(date.replace(/-/g, '')));
  const category = zipf(city.categories, 1.05);
  const place = zipf(city.places, 0.9);
  const department = zipf(city.departments, 0.8);
  const midnight = Date.parse(`${date}T00:00:00+08:00`);
  const out: DayRows = { summaries: [], assignments: [], events: [] };
  const at = (ms: number | null) => (ms === null || ms > now ? null : iso(ms));
  for (let n = 0; n < perDay; n++) {
    const id = `${date.replace(/-/g, '')}-${String(n + 1).padStart(7, '0')}`;
    const reg = midnight + timeOfDay(r);
    if (reg > now) break;
    const cat = category(r());
    const { district, street } = place(r());
    const type = requestType(r());
    const ch = channel(r());
    const requesters = r() < 0.01 ? 2 + Math.floor(r() * 8) : 1;
    const dispatchBy = reg + 2 * HOUR;
    const base = {
      id,
      channel: ch,
      category: cat,
      district,
      street,
      registered_at: iso(reg),
      registered_date: date,
      requesters,
      request_type: type,
      citizen_kind: r() < 0.05 ? 'enterprise' : 'person',
      dispatch_by: iso(dispatchBy),
    };
    const empty = {
      lead_unit: null,
      dispatched_at: null,
      signed_at: null,
      first_contact_at: null,
      replied_at: null,
      overdue: false,
      dispatches: 0,
      returns: 0,
      transfers: 0,
      rehandles: 0,
      reply_on_time: null,
      satisfaction: null,
      resolved: null,
      closure: null,
      dispatch_overdue: false,
    };
    // Ended at intake: merged into another ticket, or a consultation answered on the phone.
    if (r() < 0.01 || (type === 'consult' && r() < 0.5)) {
      const merged = r() < 0.3;
      const closed = at(reg + 5 * MIN);
      out.summaries.push({
        ...base,
        ...empty,
        status: closed === null ? 'registered' : merged ? 'merged' : 'answered',
        closed_at: closed,
        state: JSON.stringify({ id, followUps: [] }),
        last_seq: closed === null ? 1 : 2,
      });
      continue;
    }
    const late = r() < 0.02;
    let d = late ? dispatchBy + r() * 4 * HOUR : reg + 5 * MIN + r() * 60 * MIN;
    const moves = r() < 0.05 ? 'returned' : r() < 0.03 ? 'reassigned' : null;
    const units = [pickUnit(city, street, r, department)];
    if (moves) units.push(pickUnit(city, street, r, department, units[0]));
    let seq = 2;
    let final: { satisfaction: string | null; resolved: boolean | null; closure: string | null; closedAt: string | null; replied: number | null } = {
      satisfaction: null,
      resolved: null,
      closure: null,
      closedAt: null,
      replied: null,
    };
    const followUps: { round: number; satisfaction: string; resolved: boolean; at: string; requester: number; by: string }[] = [];
    let rehandles = 0;
    let overdueAny = false;
    let dispatchedAt = d;
    for (let k = 0; k < units.length && d <= now; k++) {
      const unit = units[k]!;
      dispatchedAt = d;
      const signLate = r() < 0.04;
      const signed = d + (signLate ? 2 * HOUR + r() * 6 * HOUR : r() * 2 * HOUR);
      const signBy = d + 2 * HOUR;
      const contactBy = signed + DAY;
      const contacted = signed + (r() < 0.07 ? DAY + r() * DAY : r() * DAY);
      const replyBy = d + 4 * DAY;
      const replyLate = r() < 0.06;
      const replied = d + (replyLate ? 4 * DAY + r() * 3 * DAY : 0.5 * DAY + r() * 3.4 * DAY);
      const row: AssignmentRow = {
        ticket_id: id,
        dispatch_no: k + 1,
        unit,
        dispatched_at: iso(d),
        dispatched_date: beijingDate(d),
        sign_by: iso(signBy),
        signed_at: at(signed),
        sign_overdue: signed > signBy && signBy <= now,
        first_contact_by: signed <= now ? iso(contactBy) : null,
        first_contact_at: at(contacted),
        contact_overdue: contacted > contactBy && contactBy <= now,
        reply_by: iso(replyBy),
        replied_at: null,
        reply_on_time: null,
        overdue: false,
        rehandles_start: 0,
        rehandles_end: 0,
        status: 'dispatched',
        closed_at: null,
        closure: null,
        satisfaction: null,
        resolved: null,
        ended: null,
        ended_at: null,
        last_seq: seq,
      };
      out.assignments.push(row);
      if (k < units.length - 1) {
        // This unit returns it (回退) or the desk moves it (转办) within the day; the next unit gets it.
        const endedAt = Math.min(signed, d + r() * 20 * HOUR);
        if (endedAt > now) break;
        row.ended = moves;
        row.ended_at = iso(endedAt);
        row.status = 'dispatched';
        if (moves === 'returned')
          out.events.push({ ticket_id: id, seq: seq++, at: iso(endedAt), action: 'return', actor_unit: unit, status: 'returned' });
        d = endedAt + 10 * MIN + r() * 2 * HOUR;
        continue;
      }
      row.overdue = replyBy <= now && (replied > replyBy || replied > now);
      overdueAny = row.overdue;
      if (replied > now) {
        row.status = signed <= now ? 'handling' : 'dispatched';
        break;
      }
      row.replied_at = iso(replied);
      row.reply_on_time = !replyLate;
      final.replied = replied;
      out.events.push({ ticket_id: id, seq: seq++, at: iso(replied), action: 'approveReply', actor_unit: unit, status: 'replied' });
      // The follow-up, and a re-handle round (重办) when the first answer was unsatisfied.
      const kind = closure(r());
      let fu = replied + 2 * HOUR + r() * DAY;
      if (kind === 'final_unsatisfied' || (kind === 'satisfied' && r() < 0.05)) {
        if (fu > now) {
          row.status = 'replied';
          break;
        }
        followUps.push({ round: 0, satisfaction: 'unsatisfied', resolved: false, at: iso(fu), requester: 0, by: 'follow-up' });
        rehandles = 1;
        row.rehandles_end = 1;
        fu += 2 * DAY + r() * 3 * DAY;
      }
      if (fu > now) {
        row.status = rehandles ? 'handling' : 'replied';
        break;
      }
      const c = kind === 'final_unsatisfied' ? 'non_compliant' : kind;
      let satisfaction: string | null = null;
      let resolved: boolean | null = null;
      if (c === 'satisfied' || c === 'non_compliant') {
        satisfaction = c === 'non_compliant' ? 'unsatisfied' : r() < 0.85 ? 'satisfied' : 'basically_satisfied';
        resolved = c === 'satisfied' && r() < 0.92;
        followUps.push({ round: rehandles, satisfaction, resolved, at: iso(fu), requester: 0, by: 'follow-up' });
        // 动态清零: most "satisfied but unresolved" tickets are visited again and cleared weeks later.
        const again = fu + (5 + r() * 25) * DAY;
        if (c === 'satisfied' && !resolved && r() < 0.8 && again <= now) {
          resolved = true;
          followUps.push({ round: rehandles + 1, satisfaction, resolved, at: iso(again), requester: 0, by: 'follow-up' });
        }
      }
      const closedAt = iso(c === 'unreachable' ? replied + 3 * DAY : fu);
      if (Date.parse(closedAt) > now) {
        row.status = 'replied';
        break;
      }
      Object.assign(row, { status: 'closed', closed_at: closedAt, closure: c, satisfaction, resolved });
      final = { satisfaction, resolved, closure: c, closedAt, replied };
    }
    const last = out.assignments.at(-1)!;
    const mine = last.ticket_id === id;
    out.summaries.push({
      ...base,
      lead_unit: mine ? last.unit : null,
      status: mine ? last.status : 'registered',
      dispatched_at: mine ? iso(dispatchedAt) : null,
      signed_at: mine ? last.signed_at : null,
      first_contact_at: mine ? last.first_contact_at : null,
      replied_at: mine ? last.replied_at : null,
      closed_at: final.closedAt,
      overdue: overdueAny,
      dispatches: mine ? last.dispatch_no : 0,
      returns: moves === 'returned' && mine && last.dispatch_no > 1 ? 1 : 0,
      transfers: moves === 'reassigned' && mine && last.dispatch_no > 1 ? 1 : 0,
      rehandles,
      reply_on_time: mine ? last.reply_on_time : null,
      satisfaction: final.satisfaction,
      resolved: final.resolved,
      closure: final.closure,
      dispatch_overdue: late && dispatchBy <= now,
      state: JSON.stringify({
        id,
        followUps,
        closedAt: final.closedAt ?? undefined,
        outcome: final.closure ? { closure: final.closure } : undefined,
        reply: final.replied !== null ? { handlerName: '承办人', review: { approved: true, by: '单位负责人' } } : undefined,
      }),
      last_seq: seq,
    });
  }
  return out;
}

/** A department most of the time, the place's street office for a third of the street tickets. */
function pickUnit(city: City, street: string | null, r: () => number, department: (r: number) => string, not?: string): string {
  for (;;) {
    const office = street ? city.streetOffice.get(street) : undefined;
    const u = office && r() < 0.35 ? office : department(r());
    if (u !== not) return u;
  }
}
