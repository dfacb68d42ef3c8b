// 动态清零 (seed 003: unresolved and unsatisfied requests are cleared month by month): the register
// of tickets whose follow-up found the citizen unsatisfied or the problem unresolved, per unit and
// month, with the person responsible and the date the entry was cleared.
//
// A ticket ENTERS the register with the first follow-up round whose verdict is unsatisfied (one
// 不满意 answer) or unresolved (one 未解决 answer), on the Beijing date of that round's last answer;
// "satisfied but unresolved" (closed as satisfied, 未解决) enters it too. The entry belongs to the
// unit that had the ticket then. It is CLEARED by a later round whose answers are all satisfied (or
// basically) and all resolved, on that round's date, or by the hotline closing the request as
// non-compliant (不合规诉求, nothing left to clear), on the closure's date. The register of a month
// lists every entry that was open during it: entered by its end, not cleared before its start.
import { beijingDate } from '../domain/calendar';
import type { ClosureKind, FollowUpResult, TicketState } from '../domain/ticket';
import type { Queryable } from './db';
import { monthPeriod } from './period';

export type ClearedBy = 'resolved' | 'non_compliant';
export const clearedByLabels: Record<ClearedBy, string> = { resolved: '复访满意并解决', non_compliant: '不合规诉求办结' };

export interface ClearanceEntry {
  ticketId: string;
  unit: string;
  category: string;
  district: string;
  street: string | null;
  /** Why it entered: the round's verdict. */
  unsatisfied: boolean;
  unresolved: boolean;
  /** Beijing date it entered the register. */
  enteredOn: string;
  /** Entered in an earlier month and still open at this month's start (结转). */
  carriedOver: boolean;
  /** 责任人: the handler named in the unit's reply, and the unit leader who signed it off. */
  handlerName: string | null;
  signedOffBy: string | null;
  status: string;
  closure: ClosureKind | null;
  /** Beijing date it was cleared (清零), null while open. */
  clearedOn: string | null;
  clearedBy: ClearedBy | null;
}

export interface ClearanceRegister {
  month: string;
  entries: ClearanceEntry[];
  /** Per unit: entries, cleared by the month's end, still open. */
  units: { unit: string; entries: number; cleared: number; open: number }[];
}

interface RoundVerdict {
  at: string;
  unsatisfied: boolean;
  unresolved: boolean;
}

/** Each answered round's verdict, in round order; a round's time is its last answer's. */
export function roundVerdicts(followUps: FollowUpResult[]): RoundVerdict[] {
  const rounds = [...new Set(followUps.map((f) => f.round))].sort((a, b) => a - b);
  return rounds.map((round) => {
    const rs = followUps.filter((f) => f.round === round);
    return {
      at: rs
        .map((f) => f.at)
        .sort()
        .at(-1)!,
      unsatisfied: rs.some((f) => f.satisfaction === 'unsatisfied'),
      unresolved: rs.some((f) => !f.resolved),
    };
  });
}

/** When a ticket entered the register and when (and how) it was cleared; undefined if it never entered. */
export function clearanceOf(
  t: Pick<TicketState, 'followUps' | 'closedAt' | 'outcome'>,
): { entered: RoundVerdict; cleared?: { at: string; by: ClearedBy } } | undefined {
  const verdicts = roundVerdicts(t.followUps);
  const i = verdicts.findIndex((v) => v.unsatisfied || v.unresolved);
  if (i < 0) return undefined;
  const entered = verdicts[i]!;
  const good = verdicts.slice(i + 1).find((v) => !v.unsatisfied && !v.unresolved);
  if (good) return { entered, cleared: { at: good.at, by: 'resolved' } };
  if (t.outcome?.closure === 'non_compliant' && t.closedAt) return { entered, cleared: { at: t.closedAt, by: 'non_compliant' } };
  return { entered };
}

interface Candidate {
  id: string;
  category: string;
  district: string;
  street: string | null;
  status: string;
  closure: ClosureKind | null;
  state: Pick<TicketState, 'followUps' | 'closedAt' | 'outcome' | 'reply'>;
}

/** Where an entry stands, however it was found. */
interface Found {
  c: Candidate;
  unit: string;
  unsatisfied: boolean;
  unresolved: boolean;
  enteredOn: string;
  clearedOn: string | null;
  clearedBy: ClearedBy | null;
}

/** The register of `month` (YYYY-MM), every unit or only `units`: from the derived rows (stats_clearance, migration 011). */
export async function clearanceRegister(db: Queryable, q: { month: string; units?: string[] }): Promise<ClearanceRegister> {
  const { from, to } = monthPeriod(q.month);
  const params: unknown[] = [from, to];
  const units = q.units ? ` AND r.unit = ANY($${params.push(q.units)}::text[])` : '';
  const rows = await db.query<Candidate & Omit<Found, 'c'>>(
    `SELECT s.id, s.category, s.district, s.street, s.status, s.closure, jsonb_build_object('reply', s.state->'reply') AS state,
            r.unit, r.unsatisfied, r.unresolved, r.entered_on::text AS "enteredOn", r.cleared_on::text AS "clearedOn", r.cleared_by AS "clearedBy"
       FROM stats_clearance r JOIN ticket_summaries s ON s.id = r.ticket_id
      WHERE COALESCE(r.cleared_on, 'infinity'::date) >= $1::date AND r.entered_on <= $2::date${units}`,
    params,
  );
  return registerOf(
    q,
    rows.map((r) => ({ ...r, c: r })),
  );
}

/** The same register computed from every ticket's follow-ups: the reference the derived rows must equal. */
export async function clearanceRegisterFromRaw(db: Queryable, q: { month: string; units?: string[] }): Promise<ClearanceRegister> {
  const { from, to } = monthPeriod(q.month);
  // Tickets with at least one unsatisfied or unresolved answer, registered by the month's end.
  const candidates = await db.query<Candidate>(
    `SELECT id, category, district, street, status, closure,
            jsonb_build_object('followUps', state->'followUps', 'closedAt', state->'closedAt',
                               'outcome', state->'outcome', 'reply', state->'reply') AS state
       FROM ticket_summaries
      WHERE registered_date <= $1::date
        AND EXISTS (SELECT 1 FROM jsonb_array_elements(state->'followUps') f
                     WHERE f->>'satisfaction' = 'unsatisfied' OR f->>'resolved' = 'false')`,
    [to],
  );
  const assignments = candidates.length
    ? await db.query<{ ticket_id: string; unit: string; dispatched_at: Date }>(
        'SELECT ticket_id, unit, dispatched_at FROM ticket_assignments WHERE ticket_id = ANY($1::text[]) ORDER BY dispatched_at',
        [candidates.map((c) => c.id)],
      )
    : [];
  const found: Found[] = [];
  for (const c of candidates) {
    const cl = clearanceOf(c.state);
    if (!cl) continue;
    const enteredOn = beijingDate(Date.parse(cl.entered.at));
    const clearedOn = cl.cleared ? beijingDate(Date.parse(cl.cleared.at)) : null;
    if (enteredOn > to || (clearedOn !== null && clearedOn < from)) continue;
    // The unit that had the ticket when the round was answered: the last dispatch before it.
    const unit = assignments.filter((a) => a.ticket_id === c.id && a.dispatched_at.getTime() <= Date.parse(cl.entered.at)).at(-1)?.unit;
    if (!unit || (q.units && !q.units.includes(unit))) continue;
    found.push({ c, unit, ...cl.entered, enteredOn, clearedOn, clearedBy: cl.cleared?.by ?? null });
  }
  return registerOf(q, found);
}

function registerOf(q: { month: string; units?: string[] }, found: Found[]): ClearanceRegister {
  const { from, to } = monthPeriod(q.month);
  const entries: ClearanceEntry[] = found.map(({ c, unit, unsatisfied, unresolved, enteredOn, clearedOn, clearedBy }) => ({
    ticketId: c.id,
    unit,
    category: c.category,
    district: c.district,
    street: c.street,
    unsatisfied,
    unresolved,
    enteredOn,
    carriedOver: enteredOn < from,
    handlerName: c.state.reply?.handlerName ?? null,
    signedOffBy: c.state.reply?.review?.approved ? c.state.reply.review.by : null,
    status: c.status,
    closure: c.closure,
    clearedOn: clearedOn !== null && clearedOn <= to ? clearedOn : null,
    clearedBy: clearedOn !== null && clearedOn <= to ? clearedBy : null,
  }));
  entries.sort((a, b) => cmp(a.unit, b.unit) || cmp(a.enteredOn, b.enteredOn) || cmp(a.ticketId, b.ticketId));
  // One pass (a city's register holds tens of thousands of entries over hundreds of units).
  const tally = new Map<string, { unit: string; entries: number; cleared: number; open: number }>();
  for (const unit of q.units ?? []) tally.set(unit, { unit, entries: 0, cleared: 0, open: 0 });
  for (const e of entries) {
    const t = tally.get(e.unit) ?? { unit: e.unit, entries: 0, cleared: 0, open: 0 };
    t.entries += 1;
    if (e.clearedOn !== null) t.cleared += 1;
    else t.open += 1;
    tally.set(e.unit, t);
  }
  const units = [...tally.values()].sort((a, b) => cmp(a.unit, b.unit));
  return { month: q.month, entries, units };
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
