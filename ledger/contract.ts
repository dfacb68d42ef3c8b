// The ledger activity as the workflow sees it: types only, so nothing of Node reaches the bundle.
// import type { LedgerActivities } from '../ledger/contract';
import type { CommitmentState } from '../domain/commitment/model';
import type { TicketState } from '../domain/ticket';

export interface RecordLedgerResult {
  /** seq of the audit entries written by this call. */
  appended: number[];
  summaryUpdated: boolean;
}

export interface LedgerActivities {
  /**
   * `state` carries in its history the audit entries since the previous call (the workflow sends
   * what changed, not the whole trail each time). Idempotent: safe to retry, and to call with an
   * older state after a newer one.
   */
  recordLedger(state: TicketState): Promise<RecordLedgerResult>;
  /** The commitments register (ledger/commitments.ts); idempotent, an older state never overwrites a newer. */
  recordCommitment(state: CommitmentState): Promise<void>;
  /**
   * 一人多诉 (seed 004): how many tickets these callers opened in the `withinDays` days up to this
   * one's registration, this one included, found by the phones' keyed pseudonyms.
   */
  countCallerTickets(req: { ticketId: string; phones: string[]; registeredAt: string; withinDays: number }): Promise<number>;
}
