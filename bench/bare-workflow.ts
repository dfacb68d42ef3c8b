// The bare lifecycle: what Temporal itself carries for the round trips of one ticket's lifecycle,
// with none of the engine (no rules, no activities, no ledger, no search attributes). Started,
// then one Update per action of the lifecycle, each arming the next wait with a timeout (a timer),
// as the ticket arms its next deadline. Bundled by bench/bare.ts; never part of the worker.
//
// Its second form, `featuredLifecycle`, adds what a ticket asks of Temporal besides the round
// trips, in the shape a ticket's history has (test/fixtures/histories/i17-patch-era-lifecycle.json):
// a search attribute upsert at the start and at every step that changes the status (not the two
// contacts), a local activity per step (the ledger write), one activity at the dispatch (the mail),
// and Update results the size of the ticket's. Still no rules, no codec, no ledger database: the gap
// between the two forms is Temporal's share of a ticket's features, the rest is the engine's.
import { condition, defineUpdate, proxyActivities, proxyLocalActivities, setHandler, upsertSearchAttributes } from '@temporalio/workflow';
import type { SearchAttributeUpdatePair } from '@temporalio/common';
import * as sa from '../workflows/search-attributes';

export const bareStep = defineUpdate<number, [number]>('step');

export async function bareLifecycle(steps: number): Promise<number> {
  let done = 0;
  setHandler(bareStep, (n) => {
    done = n;
    return done;
  });
  while (done < steps) {
    const seen = done;
    await condition(() => done !== seen, '1 day');
  }
  return done;
}

/** What the featured lifecycle's activities do: nothing but carry payloads of a ticket's sizes. */
export interface FeaturedActivities {
  /** The ledger write's stand-in: its result is what a ticket's marker records (≈ 600 bytes). */
  record(step: number): Promise<string>;
  /** The dispatch mail's stand-in: an input the size of the mail activity's (≈ 1.2 KB). */
  notify(body: string): Promise<void>;
}

const local = proxyLocalActivities<FeaturedActivities>({ startToCloseTimeout: '5 seconds', retry: { maximumAttempts: 1 } });
const remote = proxyActivities<FeaturedActivities>({ startToCloseTimeout: '30 seconds' });

export const featuredStep = defineUpdate<string, [number]>('featuredStep');
/** The steps of a lifecycle (1-based) that leave the status as it was: the two contacts. */
const unchangedStatus = new Set([3, 4]);
/** The dispatch, whose mail is the lifecycle's one activity. */
const DISPATCH = 1;

const attributes = (step: number): SearchAttributeUpdatePair[] => [
  { key: sa.TicketStatus, value: `bare-${step}` },
  { key: sa.TicketUnit, value: step > 0 ? '区水务局' : null },
  { key: sa.TicketCoUnits, value: null },
  { key: sa.TicketCategory, value: 'BENCH_BARE' },
  { key: sa.TicketChannel, value: 'phone' },
  { key: sa.TicketDistrict, value: '市南区' },
  { key: sa.TicketUrgent, value: false },
  { key: sa.TicketOverdue, value: false },
  { key: sa.TicketReplyDueAt, value: step > 0 ? new Date(Date.UTC(2026, 11, 10)) : null },
  { key: sa.TicketRehandles, value: 0 },
  { key: sa.TicketRequestType, value: 'complaint' },
  { key: sa.TicketCitizenKind, value: 'person' },
  { key: sa.TicketDispatchOverdue, value: false },
  { key: sa.TicketSupervisors, value: null },
  { key: sa.TicketDelegates, value: null },
];

export async function featuredLifecycle(steps: number): Promise<number> {
  let done = 0;
  const outbox: Promise<unknown>[] = [];
  setHandler(featuredStep, (n) => {
    done = n;
    if (!unchangedStatus.has(n)) upsertSearchAttributes(attributes(n));
    if (n === DISPATCH) outbox.push(remote.notify('通知'.repeat(200)));
    // A ticket's Update answers with the ticket: ≈ 2.4 KB after the dispatch, ≈ 370 bytes more a step.
    return '工'.repeat(800 + 120 * n);
  });
  upsertSearchAttributes(attributes(0));
  let recorded = -1;
  while (done < steps) {
    if (recorded !== done) {
      recorded = done;
      outbox.push(local.record(done));
    }
    const seen = done;
    await condition(() => done !== seen, '1 day');
  }
  outbox.push(local.record(done));
  await Promise.all(outbox);
  return done;
}
