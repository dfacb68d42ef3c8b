// The bare lifecycle's rate (issue 17's yardstick): the round trips of a lifecycle through
// Temporal alone, worker and client in one process (this one), on the bench's own server, so that
// the engine's lifecycle rate can be read as a share of it from one run.
import { randomUUID } from 'node:crypto';
import { Client } from '@temporalio/client';
import { bundleWorkflowCode, NativeConnection, Worker } from '@temporalio/worker';
import { bareStep, FeaturedActivities, featuredStep } from './bare-workflow';
import { closedLoop, LatencySummary, rate, RunResult, summarize } from './lib/load';
import { CpuMeter } from './lib/procstat';
import type { BenchStack } from './lib/stack';

/** `bare`: the round trips alone; `featured`: with a ticket's Temporal features (bare-workflow.ts). */
export type BareForm = 'bare' | 'featured';

export interface BareFigures {
  form?: BareForm;
  count: number;
  concurrency: number;
  updates: number;
  /** Mean of the runs (one before the engine's lifecycles, one after when both are measured). */
  perSecond: number;
  runs: number[];
  lifecycleLatency: LatencySummary;
  cpuCores: Record<string, number>;
  errors?: Record<string, number>;
}

/** The featured lifecycle's activities (bare-workflow.ts): payloads of a ticket's sizes, no work. */
export const featuredActivities: FeaturedActivities = {
  record: async (step) => `${step}`.padEnd(450, '.'),
  notify: async () => undefined,
};

const quiet = { trace() {}, debug() {}, info() {}, warn: console.warn, error: console.error, log() {} };

/** A worker for the bare workflow on a task queue of its own, in this process. */
export class BareRunner {
  private worker?: Worker;
  private running?: Promise<void>;
  private connection?: NativeConnection;
  private readonly taskQueue: string;
  private readonly results: RunResult[] = [];
  private readonly meters: Record<string, number>[] = [];

  constructor(
    private readonly stack: BenchStack,
    private readonly o: { count: number; concurrency: number; updates: number },
    readonly form: BareForm = 'bare',
  ) {
    this.taskQueue = `${form}-${process.pid}`;
  }

  async start(): Promise<this> {
    const { code } = await bundleWorkflowCode({ workflowsPath: require.resolve('./bare-workflow'), logger: quiet });
    this.connection = await NativeConnection.connect({ address: this.stack.address });
    this.worker = await Worker.create({
      connection: this.connection,
      taskQueue: this.taskQueue,
      workflowBundle: { code },
      ...(this.form === 'featured' ? { activities: featuredActivities } : {}),
    });
    this.running = this.worker.run();
    // Warm-up (JIT, the worker's first bundle run), not counted.
    await this.loop('bare warm-up', Math.min(this.o.concurrency, this.o.count));
    return this;
  }

  /** One measured run of `count` bare lifecycles. */
  async measure(label: string): Promise<number> {
    const meter = new CpuMeter(() => ({ devServer: this.stack.pids().devServer, bench: process.pid })).start();
    const r = await this.loop(label, this.o.count);
    this.meters.push(meter.stop());
    this.results.push(r);
    return rate(r);
  }

  private loop(label: string, count: number): Promise<RunResult> {
    // Default payloads: the bare figure is Temporal's own, without the engine's codec.
    const client = new Client({ connection: this.stack.connection });
    return closedLoop({
      label,
      count,
      concurrency: this.o.concurrency,
      task: async () => {
        const handle = await client.workflow.start(this.form === 'bare' ? 'bareLifecycle' : 'featuredLifecycle', {
          taskQueue: this.taskQueue,
          workflowId: `${this.form}-${randomUUID()}`,
          args: [this.o.updates],
        });
        for (let n = 1; n <= this.o.updates; n++) {
          if (this.form === 'bare') await handle.executeUpdate(bareStep, { args: [n] });
          else await handle.executeUpdate(featuredStep, { args: [n] });
        }
      },
    });
  }

  async stop(): Promise<void> {
    this.worker?.shutdown();
    await this.running?.catch(() => undefined);
    await this.connection?.close();
  }

  figures(): BareFigures {
    const runs = this.results.map(rate);
    const cpu: Record<string, number> = {};
    for (const m of this.meters) for (const [k, v] of Object.entries(m)) cpu[k] = (cpu[k] ?? 0) + v / this.meters.length;
    const errors: Record<string, number> = {};
    for (const r of this.results) for (const [k, v] of Object.entries(r.errors)) errors[k] = (errors[k] ?? 0) + v;
    return {
      form: this.form,
      ...this.o,
      perSecond: Math.round((runs.reduce((a, b) => a + b, 0) / Math.max(1, runs.length)) * 10) / 10,
      runs,
      lifecycleLatency: summarize(this.results.flatMap((r) => r.latencies)),
      cpuCores: Object.fromEntries(Object.entries(cpu).map(([k, v]) => [k, Math.round(v * 100) / 100])),
      ...(Object.keys(errors).length ? { errors } : {}),
    };
  }
}
