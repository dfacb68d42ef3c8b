// Bounded tickets (issue 24): whatever users send, a ticket's state stays small enough for its
// workflow's payloads and history. Notes are limited per person and ticket; the audit trail in the
// state keeps its recent entries, the ledger keeps all of them. Pure.
import type { AuditEntry, TicketState } from './model';
import { Refusal, refusal } from './rejection';

/**
 * Notes one person may add to one ticket. Fifty 2,000-character notes (100 KB) are far more than
 * a ticket's handling needs (the busiest tickets of the seeds have a few dozen entries in all),
 * and little enough that the ticket's history stays far from Temporal's limits.
 */
export const NOTES_PER_ACTOR = 50;

/** Audit entries the ticket's state keeps; the earlier ones are read back from the ledger. */
export const TRAIL_IN_STATE = 100;

/** Characters of an older entry's note an update answers with (the newest entry's in full). */
export const ANSWER_NOTE_CHARS = 200;

export interface QuotaContext {
  actor: { id: string };
  /** Set from the bounded-ticket patch on: tickets started before it keep taking notes as they did. */
  noteLimitPerActor?: number;
}

/** 429: `actor` has added as many notes to `t` as one person may. */
export function quotaRefusal(t: TicketState, action: string, ctx: QuotaContext): Refusal | undefined {
  const limit = ctx.noteLimitPerActor;
  if (action !== 'note' || limit === undefined || (t.noteCounts?.[ctx.actor.id] ?? 0) < limit) return undefined;
  return refusal('quota', `每人对同一工单最多添加 ${limit} 条备注，已达上限`, t.status);
}

/** Counts a note taken (in the copy the decision is building). */
export function countNote(t: TicketState, action: string, ctx: QuotaContext): void {
  if (action !== 'note' || ctx.noteLimitPerActor === undefined) return;
  t.noteCounts = { ...t.noteCounts, [ctx.actor.id]: (t.noteCounts?.[ctx.actor.id] ?? 0) + 1 };
}

/**
 * `t` with its trail cut to the last `keep` entries, never dropping one the ledger has not taken
 * yet (seq above `recordedSeq`). The same `t` when there is nothing to drop.
 */
export function boundTrail(t: TicketState, recordedSeq: number, keep = TRAIL_IN_STATE): TicketState {
  const excess = t.history.length - keep;
  if (excess <= 0) return t;
  const droppable = t.history.findIndex((e) => e.seq > recordedSeq);
  const drop = Math.min(excess, droppable < 0 ? t.history.length : droppable);
  return drop > 0 ? { ...t, history: t.history.slice(drop) } : t;
}

/** The last `n` entries, older notes clipped: what an update answers with. */
export function answerTrail(history: readonly AuditEntry[], n: number): AuditEntry[] {
  const last = history.slice(-n);
  return last.map((e, i) =>
    i === last.length - 1 || e.note === undefined || e.note.length <= ANSWER_NOTE_CHARS
      ? e
      : { ...e, note: `${e.note.slice(0, ANSWER_NOTE_CHARS)}…` },
  );
}
