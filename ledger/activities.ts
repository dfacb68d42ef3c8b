// Activity factory for the ledger: the worker passes the LedgerDb it opened (ledger/open.ts) and
// the pseudonym secret (config/pseudonym-secret.ts).
import type { TicketState } from '../domain/ticket';
import type { LedgerActivities, RecordLedgerResult } from './contract';
import type { LedgerDb } from './db';
import { recordTicket, RecordOptions } from './recorder';
import { recordCommitment } from './commitments';
import { countCallerTickets } from './supervision';
import type { CommitmentState } from '../domain/commitment/model';

export function createLedgerActivities(db: LedgerDb, opts: RecordOptions = {}): LedgerActivities {
  return {
    async recordLedger(state: TicketState): Promise<RecordLedgerResult> {
      return recordTicket(db, state, opts);
    },
    async countCallerTickets(req) {
      // Without a secret no pseudonym was kept: this ticket is the only one known.
      return opts.pseudonymSecret ? countCallerTickets(db, opts.pseudonymSecret, req) : 1;
    },
    async recordCommitment(state: CommitmentState): Promise<void> {
      await recordCommitment(db, state);
    },
  };
}
