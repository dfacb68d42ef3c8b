// Activity factory for the ledger: the worker passes the LedgerDb it opened (ledger/open.ts).
import type { TicketState } from '../domain/ticket';
import type { LedgerActivities, RecordLedgerResult } from './contract';
import type { LedgerDb } from './db';
import { recordTicket } from './recorder';
import { recordCommitment } from './commitments';
import type { CommitmentState } from '../domain/commitment/model';

export function createLedgerActivities(db: LedgerDb): LedgerActivities {
  return {
    async recordLedger(state: TicketState): Promise<RecordLedgerResult> {
      return recordTicket(db, state);
    },
    async recordCommitment(state: CommitmentState): Promise<void> {
      await recordCommitment(db, state);
    },
  };
}
