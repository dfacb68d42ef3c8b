// Load shapes and the figures taken from them.
//  - closedLoop: `concurrency` callers, each sending its next request when the last one answered;
//    the rate it reaches is the throughput.
//  - openLoop: requests started on a fixed schedule (`rate` per second) whether or not earlier ones
//    answered; latency counts from the scheduled instant, so a stall shows up in the figures
//    instead of silently slowing the sender down (no coordinated omission).

export interface RunResult {
  ok: number;
  failed: number;
  elapsedMs: number;
  /** Latency of each successful task, ms. */
  latencies: number[];
  /** Failures by message (first 100 chars), counted. */
  errors: Record<string, number>;
}

export interface LatencySummary {
  n: number;
  mean: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export function summarize(latencies: number[]): LatencySummary {
  const s = [...latencies].sort((a, b) => a - b);
  const q = (p: number) => (s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] : NaN);
  const mean = s.length ? s.reduce((a, b) => a + b, 0) / s.length : NaN;
  return { n: s.length, mean: round(mean), p50: round(q(50)), p95: round(q(95)), p99: round(q(99)), max: round(s.at(-1) ?? NaN) };
}

export const round = (x: number, digits = 1): number => (Number.isFinite(x) ? Math.round(x * 10 ** digits) / 10 ** digits : x);
export const rate = (r: Pick<RunResult, 'ok' | 'elapsedMs'>): number => round((r.ok * 1000) / r.elapsedMs);

// A client error wraps the gRPC one ("Failed to query Workflow"): its cause says what failed.
function noteError(errors: Record<string, number>, err: unknown) {
  const e = err as Error & { cause?: Error };
  const message = String(e?.message ?? err);
  const key = (e?.cause?.message ? `${message}: ${e.cause.message}` : message).slice(0, 160);
  errors[key] = (errors[key] ?? 0) + 1;
}

/** One line of progress per second: on a terminal it overwrites itself, elsewhere every 5 s. */
export class Progress {
  private timer?: NodeJS.Timeout;
  private readonly tty = Boolean(process.stdout.isTTY);
  private last = 0;
  private lastAt = Date.now();
  private printedAt = 0;

  constructor(
    private readonly label: string,
    private readonly total: number | undefined,
    private readonly read: () => { done: number; failed?: number; extra?: string },
  ) {}

  start(): this {
    this.timer = setInterval(() => this.print(false), 1000);
    this.timer.unref();
    return this;
  }

  private print(final: boolean) {
    const { done, failed, extra } = this.read();
    const now = Date.now();
    const perSec = ((done - this.last) * 1000) / Math.max(1, now - this.lastAt);
    this.last = done;
    this.lastAt = now;
    const line =
      `  ${this.label.padEnd(22)} ${this.total ? `${done}/${this.total}` : String(done)}` +
      `${final ? '' : `  ${perSec.toFixed(0)}/s`}${failed ? `  failed ${failed}` : ''}${extra ? `  ${extra}` : ''}`;
    if (this.tty) process.stdout.write(`\r\x1b[K${line}${final ? '\n' : ''}`);
    else if (final || now - this.printedAt >= 5000) {
      this.printedAt = now;
      console.log(line);
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.print(true);
  }
}

export async function closedLoop(o: { label: string; count: number; concurrency: number; task: (i: number) => Promise<void> }): Promise<RunResult> {
  const latencies: number[] = [];
  const errors: Record<string, number> = {};
  let next = 0;
  let failed = 0;
  const progress = new Progress(o.label, o.count, () => ({ done: latencies.length + failed, failed })).start();
  const t0 = performance.now();
  const caller = async () => {
    for (;;) {
      const i = next++;
      if (i >= o.count) return;
      const t = performance.now();
      try {
        await o.task(i);
        latencies.push(performance.now() - t);
      } catch (err) {
        failed += 1;
        noteError(errors, err);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(o.concurrency, o.count) }, caller));
  const elapsedMs = performance.now() - t0;
  progress.stop();
  return { ok: latencies.length, failed, elapsedMs, latencies, errors };
}

export async function openLoop(o: {
  label: string;
  count: number;
  /** Requests per second. */
  rate: number;
  task: (i: number) => Promise<void>;
  /** Requests outstanding at most; a request due beyond it counts as failed (the system fell behind). */
  maxOutstanding?: number;
}): Promise<RunResult & { serviceLatencies: number[]; lateStartsMs: number[] }> {
  const latencies: number[] = [];
  const serviceLatencies: number[] = [];
  const lateStartsMs: number[] = [];
  const errors: Record<string, number> = {};
  const max = o.maxOutstanding ?? 2000;
  let failed = 0;
  let outstanding = 0;
  const progress = new Progress(o.label, o.count, () => ({ done: latencies.length + failed, failed, extra: `in flight ${outstanding}` })).start();
  const t0 = performance.now();
  const interval = 1000 / o.rate;
  const inflight: Promise<void>[] = [];
  for (let i = 0; i < o.count; i++) {
    const due = t0 + i * interval;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const start = performance.now();
    lateStartsMs.push(start - due);
    if (outstanding >= max) {
      failed += 1;
      noteError(errors, new Error(`more than ${max} requests outstanding`));
      continue;
    }
    outstanding += 1;
    inflight.push(
      o
        .task(i)
        .then(() => {
          const end = performance.now();
          latencies.push(end - due);
          serviceLatencies.push(end - start);
        })
        .catch((err) => {
          failed += 1;
          noteError(errors, err);
        })
        .finally(() => {
          outstanding -= 1;
        }),
    );
  }
  await Promise.all(inflight);
  const elapsedMs = performance.now() - t0;
  progress.stop();
  return { ok: latencies.length, failed, elapsedMs, latencies, serviceLatencies, lateStartsMs, errors };
}
