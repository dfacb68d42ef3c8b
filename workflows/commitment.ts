// One commitment (承诺) = one small workflow, started by the ticket when the reply carrying it is
// signed off, with the id `<ticket>-commitment-<n>`.
//
// Why its own workflow and not the ticket's: the seed asks that commitments be tracked after the
// reply (后续跟踪推进), which is when the ticket ends (follow-up, closed) and its workflow completes
// and takes no more updates; a commitment may run for months. Keeping the ticket open until its
// commitments are kept would hold closed tickets open, distort the ticket's statuses and statistics
// and grow its history. A separate workflow has its own timers (reminder, overdue), its own update
// (fulfil-commitment) and its own short history, is reached by a derived id, and survives the
// ticket (ParentClosePolicy.ABANDON). All rules are in domain/commitment/decide.ts.
import { ApplicationFailure, allHandlersFinished, condition, proxyActivities, setHandler } from '@temporalio/workflow';
import type { TicketActivities, TicketSummary } from '../activities/contract';
import { fireCommitmentTimers, fulfil, fulfilSchema, nextCommitmentWake, openCommitment } from '../domain/commitment/decide';
import type { CommitmentStart, CommitmentState } from '../domain/commitment/model';
import { actorSchema, Effect } from '../domain/ticket';
import type { LedgerActivities } from '../ledger/contract';
import { commitmentQuery, FulfilCommand, fulfilCommitmentUpdate } from './commitment-messages';
import { REJECTION_TYPE, RejectionDetails } from './messages';

export interface CommitmentWorkflowInput extends CommitmentStart {
  /** The ticket as the mails show it, with the promised date as its deadline. */
  ticket: TicketSummary;
}

const notifications = proxyActivities<TicketActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});
const ledger = proxyActivities<LedgerActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes' },
});

export async function commitment(input: CommitmentWorkflowInput): Promise<CommitmentState> {
  const { ticket: summary, ...start } = input;
  let state = openCommitment(start);
  let version = 0;
  const outbox: Promise<unknown>[] = [];

  const decideFulfil = (command: FulfilCommand) => {
    const actor = actorSchema.safeParse(command?.actor);
    const parsed = fulfilSchema.safeParse(command?.input);
    if (!actor.success || !parsed.success)
      return { ok: false as const, code: 'invalid' as const, reason: '履行承诺：actor 或参数无效', status: state.status };
    return fulfil(state, parsed.data, { now: Date.now(), actor: actor.data });
  };
  const reject = (d: { code: RejectionDetails['code']; reason: string; status: string }): never => {
    throw ApplicationFailure.create({
      type: REJECTION_TYPE,
      message: d.reason,
      nonRetryable: true,
      details: [{ code: d.code, status: d.status } satisfies RejectionDetails],
    });
  };
  const commit = (next: CommitmentState, effects: Effect[]) => {
    state = next;
    version += 1;
    for (const e of effects) {
      if (e.kind !== 'notify') continue;
      outbox.push(
        notifications.notifyUnits({ ticket: summary, event: e.event, units: e.units, supervisors: e.supervisors, detail: e.detail, key: e.key }),
      );
    }
    outbox.push(ledger.recordCommitment(state));
  };

  setHandler(
    fulfilCommitmentUpdate,
    (command) => {
      const d = decideFulfil(command);
      if (!d.ok) return reject(d);
      commit(d.state, d.effects);
      return state;
    },
    {
      validator: (command) => {
        const d = decideFulfil(command);
        if (!d.ok) reject(d);
      },
    },
  );
  setHandler(commitmentQuery, () => state);

  outbox.push(ledger.recordCommitment(state));
  while (state.status !== 'fulfilled') {
    const wakeAt = nextCommitmentWake(state);
    const seen = version;
    if (wakeAt === undefined) await condition(() => version !== seen);
    else if (wakeAt > Date.now()) await condition(() => version !== seen, wakeAt - Date.now());
    const fired = fireCommitmentTimers(state, Date.now());
    if (fired.state !== state) commit(fired.state, fired.effects);
  }
  await condition(allHandlersFinished);
  await Promise.all(outbox);
  return state;
}
