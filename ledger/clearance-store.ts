// The 动态清零 register's derived rows (stats_clearance, migration 011): per ticket that ever
// entered the register, its unit, the date it entered and the date it was cleared, as
// `clearanceOf` decides from the ticket's follow-ups. Kept current in the ledger write's
// transaction and rebuildable, like the statistics aggregates; the register of a month then reads
// the entries open during it instead of every ticket's follow-ups.
import { beijingDate } from '../domain/calendar';
import type { TicketState } from '../domain/ticket';
import { clearanceOf, type ClearedBy } from './clearance';
import { PREPARE, type Queryable } from './db';

export interface ClearanceRow {
  ticket_id: string;
  unit: string;
  entered_on: string;
  cleared_on: string | null;
  cleared_by: ClearedBy | null;
  unsatisfied: boolean;
  unresolved: boolean;
}

type Facts = Pick<TicketState, 'followUps' | 'closedAt' | 'outcome'>;
interface Candidate {
  id: string;
  state: Facts;
  assignments: { unit: string; at: string }[] | null;
}

/** Tickets with at least one unsatisfied or unresolved answer (the only ones that can enter). */
const candidatesSql = (where: string) => `
SELECT s.id, jsonb_build_object('followUps', s.state->'followUps', 'closedAt', s.state->'closedAt', 'outcome', s.state->'outcome') AS state,
       (SELECT jsonb_agg(jsonb_build_object('unit', a.unit, 'at', a.dispatched_at) ORDER BY a.dispatched_at)
          FROM ticket_assignments a WHERE a.ticket_id = s.id) AS assignments
  FROM ticket_summaries s
 WHERE ${where} EXISTS (SELECT 1 FROM jsonb_array_elements(s.state->'followUps') f
                WHERE f->>'satisfaction' = 'unsatisfied' OR f->>'resolved' = 'false')`;

/** The register row of one ticket, or undefined when it never entered (or had no unit then). */
export function clearanceRowOf(c: Candidate): ClearanceRow | undefined {
  const cl = clearanceOf(c.state);
  if (!cl) return undefined;
  const enteredAt = Date.parse(cl.entered.at);
  // The unit that had the ticket when the round was answered: the last dispatch before it.
  const unit = (c.assignments ?? []).filter((a) => Date.parse(a.at) <= enteredAt).at(-1)?.unit;
  if (!unit) return undefined;
  return {
    ticket_id: c.id,
    unit,
    entered_on: beijingDate(enteredAt),
    cleared_on: cl.cleared ? beijingDate(Date.parse(cl.cleared.at)) : null,
    cleared_by: cl.cleared?.by ?? null,
    unsatisfied: cl.entered.unsatisfied,
    unresolved: cl.entered.unresolved,
  };
}

const UPSERT = `INSERT INTO stats_clearance (ticket_id, unit, entered_on, cleared_on, cleared_by, unsatisfied, unresolved)
SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(ticket_id text, unit text, entered_on date, cleared_on date, cleared_by text, unsatisfied boolean, unresolved boolean)
ON CONFLICT (ticket_id) DO UPDATE SET unit = EXCLUDED.unit, entered_on = EXCLUDED.entered_on, cleared_on = EXCLUDED.cleared_on,
  cleared_by = EXCLUDED.cleared_by, unsatisfied = EXCLUDED.unsatisfied, unresolved = EXCLUDED.unresolved`;

/** Brings one ticket's row up to date (after the ledger write, in its transaction). */
export async function refreshClearance(tx: Queryable, ticketId: string): Promise<void> {
  const [c] = await tx.query<Candidate>(candidatesSql('s.id = $1 AND'), [ticketId], PREPARE);
  const row = c ? clearanceRowOf(c) : undefined;
  if (row) await tx.query(UPSERT, [JSON.stringify([row])], PREPARE);
  else await tx.query('DELETE FROM stats_clearance WHERE ticket_id = $1', [ticketId], PREPARE);
}

/** Every row again from the raw rows. */
export async function rebuildClearance(tx: Queryable): Promise<void> {
  await tx.query('DELETE FROM stats_clearance');
  const rows = (await tx.query<Candidate>(candidatesSql(''))).flatMap((c) => clearanceRowOf(c) ?? []);
  for (let i = 0; i < rows.length; i += 5_000) await tx.query(UPSERT, [JSON.stringify(rows.slice(i, i + 5_000))]);
}
