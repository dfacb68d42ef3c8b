// The bare lifecycle: what Temporal itself carries for the round trips of one ticket's lifecycle,
// with none of the engine (no rules, no activities, no ledger, no search attributes). Started,
// then one Update per action of the lifecycle, each arming the next wait with a timeout (a timer),
// as the ticket arms its next deadline. Bundled by bench/bare.ts; never part of the worker.
import { condition, defineUpdate, setHandler } from '@temporalio/workflow';

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
