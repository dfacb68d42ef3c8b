// A test file's time-skipping server with a worker whose ledger the test itself reads (the API's
// lists, the bulletins' figures), and a loopback SMTP server; started before its tests, stopped
// after them. Read the fields inside tests only. Not a test file itself.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import type { LedgerDb } from '../../ledger/db';
import { openTestLedger } from './ledger';
import { LoopbackSmtp } from './smtp';
import { startWorker, testActivities, timeSkipping } from './temporal';

export function useTimeSkippingLedgerWorker(
  taskQueue: string,
  prepare: (ledger: LedgerDb) => Promise<void> = async () => {},
): { env: TestWorkflowEnvironment; smtp: LoopbackSmtp; ledger: LedgerDb } {
  const ctx = { smtp: new LoopbackSmtp() } as { env: TestWorkflowEnvironment; smtp: LoopbackSmtp; ledger: LedgerDb };
  let worker: Worker | undefined;
  let running: Promise<void> | undefined;
  beforeAll(async () => {
    await ctx.smtp.start();
    ctx.env = await timeSkipping();
    ctx.ledger = await openTestLedger();
    await prepare(ctx.ledger);
    worker = await startWorker(ctx.env.nativeConnection, taskQueue, testActivities(ctx.smtp.url, {}, Promise.resolve(ctx.ledger)));
    running = worker.run();
  });
  afterAll(async () => {
    worker?.shutdown();
    await running;
    await ctx.env?.teardown();
    await ctx.ledger?.close();
    await ctx.smtp.stop();
  });
  return ctx;
}
