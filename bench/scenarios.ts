// The four measurements of `npm run bench`. Each returns plain figures (JSON-able); the CLI prints
// and records them. Nothing here asserts a number: the machine is shared and noisy.
import { actionUpdates, stateQuery } from '../workflows/messages';
import { closedLoop, LatencySummary, openLoop, rate, round, RunResult, summarize } from './lib/load';
import { CpuMeter, memoryOf } from './lib/procstat';
import { actorOf, BenchStack, intakeBody, LEAD, replyBody } from './lib/stack';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const errorsOf = (r: RunResult) => (Object.keys(r.errors).length ? r.errors : undefined);

/** Waits until `count(query)` reaches `target` (visibility lags the workflows a little). */
async function waitForCount(stack: BenchStack, query: string, target: number, timeoutMs: number): Promise<number> {
  const t0 = performance.now();
  for (;;) {
    const asked = performance.now();
    const n = await stack.count(query);
    if (n >= target) return performance.now() - t0;
    if (performance.now() - t0 > timeoutMs) throw new Error(`only ${n} of ${target} for ${query} after ${timeoutMs} ms`);
    // A count over 100,000 open tickets takes the dev server ≈ 0.4 s of its SQLite connection: asked
    // every 250 ms it would take most of the server the bench is measuring.
    await sleep(Math.max(250, 10 * (performance.now() - asked)));
  }
}

/** Waits until the SMTP sink has `target` messages. */
async function waitForMail(stack: BenchStack, target: number, timeoutMs: number): Promise<number> {
  const t0 = performance.now();
  while (stack.smtp.delivered < target) {
    if (performance.now() - t0 > timeoutMs) throw new Error(`only ${stack.smtp.delivered} of ${target} mails after ${timeoutMs} ms`);
    await sleep(100);
  }
  return performance.now() - t0;
}

/** Waits until the stack's processes use less than `cores` CPU over a second: the backlog is worked off. */
async function waitForIdle(stack: BenchStack, timeoutMs: number, cores = 0.15): Promise<number> {
  const t0 = performance.now();
  for (;;) {
    const meter = new CpuMeter(() => ({ devServer: stack.pids().devServer, node: stack.node?.pid, api: stack.apiNode?.pid })).start();
    await sleep(1000);
    const used = meter.stop();
    delete used.others;
    if (Object.values(used).reduce((a, b) => a + b, 0) < cores) return performance.now() - t0;
    if (performance.now() - t0 > timeoutMs) throw new Error(`the stack did not settle within ${timeoutMs} ms (${JSON.stringify(used)})`);
  }
}

const REGISTERED = `ExecutionStatus = 'Running' AND TicketStatus = 'registered'`;

// ---------------------------------------------------------------------------------------------
// 1. Intake: POST /api/v1/tickets against raw client.workflow.start of the same workflow
// ---------------------------------------------------------------------------------------------

export interface IntakeFigures {
  concurrency: number;
  perRound: number;
  rounds: string[];
  apiPerSecond: number;
  rawPerSecond: number;
  /** 1 − api/raw: the share of raw throughput the API costs. */
  apiOverhead: number;
  apiLatency: LatencySummary;
  rawLatency: LatencySummary;
  /** Seconds after the last answer until the worker had run every new ticket's first task. */
  drainSeconds: { api: number[]; raw: number[] };
  cpuCores: { api: Record<string, number>; raw: Record<string, number> };
  errors?: Record<string, unknown>;
}

export async function intake(stack: BenchStack, o: { count: number; concurrency: number }): Promise<IntakeFigures> {
  // A round is `perRound` intakes one way; the order raw, api, api, raw cancels drift over the run.
  const order = ['raw', 'api', 'api', 'raw'] as const;
  const perRound = Math.max(1, Math.round(o.count / 2));
  const runs = { api: [] as RunResult[], raw: [] as RunResult[] };
  const drain = { api: [] as number[], raw: [] as number[] };
  const cpu = { api: [] as Record<string, number>[], raw: [] as Record<string, number>[] };
  const operator = await stack.token('operator');
  const viaApi = async (i: number) => {
    const res = await stack.http.request('POST', '/api/v1/tickets', intakeBody(i), { authorization: `Bearer ${operator}` });
    if (res.status !== 201) throw new Error(`POST /api/v1/tickets → ${res.status} ${JSON.stringify(res.body).slice(0, 100)}`);
  };
  const raw = async (i: number) => {
    await stack.startRaw(stack.ticketInput(intakeBody(i)));
  };

  // Warm-up: JIT, sockets, the worker's first bundle run; not counted.
  let registered = await stack.count(REGISTERED);
  await closedLoop({
    label: 'intake warm-up',
    count: Math.min(100, perRound),
    concurrency: o.concurrency,
    task: (i) => (i % 2 ? viaApi(i) : raw(i)),
  });
  registered += Math.min(100, perRound);
  await waitForCount(stack, REGISTERED, registered, 120_000);

  for (const [n, kind] of order.entries()) {
    const meter = new CpuMeter(() => stack.pids()).start();
    const r = await closedLoop({
      label: `intake ${kind} ${n + 1}/${order.length}`,
      count: perRound,
      concurrency: o.concurrency,
      task: kind === 'api' ? viaApi : raw,
    });
    registered += r.ok;
    drain[kind].push(round((await waitForCount(stack, REGISTERED, registered, 300_000)) / 1000));
    cpu[kind].push(meter.stop());
    runs[kind].push(r);
  }
  const total = (rs: RunResult[]) => ({
    ok: rs.reduce((a, r) => a + r.ok, 0),
    elapsedMs: rs.reduce((a, r) => a + r.elapsedMs, 0),
  });
  const apiPerSecond = rate(total(runs.api));
  const rawPerSecond = rate(total(runs.raw));
  const errors = { ...Object.assign({}, ...runs.api.map(errorsOf)), ...Object.assign({}, ...runs.raw.map(errorsOf)) };
  return {
    concurrency: o.concurrency,
    perRound,
    rounds: [...order],
    apiPerSecond,
    rawPerSecond,
    apiOverhead: round(1 - apiPerSecond / rawPerSecond, 3),
    apiLatency: summarize(runs.api.flatMap((r) => r.latencies)),
    rawLatency: summarize(runs.raw.flatMap((r) => r.latencies)),
    drainSeconds: drain,
    cpuCores: { api: averageCpu(cpu.api), raw: averageCpu(cpu.raw) },
    ...(Object.keys(errors).length ? { errors } : {}),
  };
}

function averageCpu(list: Record<string, number>[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of Object.keys(list[0] ?? {})) out[k] = round(list.reduce((a, c) => a + (c[k] ?? 0), 0) / list.length, 2);
  return out;
}

// ---------------------------------------------------------------------------------------------
// 2. Lifecycle: intake → dispatch → sign → contact ×2 → reply → review → approve → follow-up → closed
// ---------------------------------------------------------------------------------------------

export const lifecycleSteps = [
  'intake',
  'dispatch',
  'sign',
  'contact-first',
  'contact-final',
  'reply',
  'review-reply',
  'approve-reply',
  'follow-up',
] as const;

export interface LifecycleFigures {
  count: number;
  concurrency: number;
  perSecond: number;
  requestsPerSecond: number;
  lifecycleLatency: LatencySummary;
  stepLatency: Record<string, LatencySummary>;
  cpuCores: Record<string, number>;
  closed: number;
  errors?: Record<string, number>;
}

export async function lifecycle(stack: BenchStack, o: { count: number; concurrency: number }): Promise<LifecycleFigures> {
  const steps: Record<string, number[]> = Object.fromEntries(lifecycleSteps.map((s) => [s, []]));
  let closed = 0;
  const timed = async <T>(step: string, fn: () => Promise<T>): Promise<T> => {
    const t = performance.now();
    const v = await fn();
    steps[step].push(performance.now() - t);
    return v;
  };
  const one = async (i: number) => {
    const created = await timed('intake', () => stack.call('operator', 'POST', '/api/v1/tickets', intakeBody(i), 201));
    const id: string = created.id;
    await timed('dispatch', () => stack.act('dispatcher', id, 'dispatch', { unit: LEAD }));
    await timed('sign', () => stack.act('handler', id, 'sign'));
    await timed('contact-first', () => stack.act('handler', id, 'contact', { stage: 'first', method: 'phone' }));
    await timed('contact-final', () => stack.act('handler', id, 'contact', { stage: 'final', method: 'phone' }));
    await timed('reply', () => stack.act('handler', id, 'reply', replyBody));
    await timed('review-reply', () => stack.act('reviewer', id, 'review-reply'));
    await timed('approve-reply', () => stack.act('leader', id, 'approve-reply'));
    const end = await timed('follow-up', () => stack.act('followUp', id, 'follow-up', { satisfaction: 'satisfied', resolved: true }));
    if (end.status !== 'closed') throw new Error(`ticket ended ${end.status}, not closed`);
    closed += 1;
  };
  await closedLoop({ label: 'lifecycle warm-up', count: Math.min(o.concurrency, o.count), concurrency: o.concurrency, task: one });
  for (const s of Object.values(steps)) s.length = 0;
  closed = 0;
  const meter = new CpuMeter(() => stack.pids()).start();
  const r = await closedLoop({ label: 'lifecycle', count: o.count, concurrency: o.concurrency, task: one });
  const cpuCores = meter.stop();
  const perSecond = rate(r);
  return {
    count: o.count,
    concurrency: o.concurrency,
    perSecond,
    requestsPerSecond: round(perSecond * lifecycleSteps.length),
    lifecycleLatency: summarize(r.latencies),
    stepLatency: Object.fromEntries(Object.entries(steps).map(([k, v]) => [k, summarize(v)])),
    cpuCores,
    closed,
    ...(errorsOf(r) ? { errors: r.errors } : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// 3. Action latency at a fixed request rate
// ---------------------------------------------------------------------------------------------

export interface LatencyFigures {
  action: string;
  rate: number;
  seconds: number;
  /** From the scheduled send instant to the answer (what a caller waits). */
  latency: LatencySummary;
  /** From the actual send to the answer. */
  service: LatencySummary;
  achievedPerSecond: number;
  cpuCores: Record<string, number>;
  errors?: Record<string, number>;
}

/** `sign` needs a dispatched ticket per request: prepared first (raw start + dispatch update), not timed. */
export async function actionLatency(stack: BenchStack, o: { rate: number; seconds: number; prepareConcurrency: number }): Promise<LatencyFigures> {
  const warm = Math.max(20, Math.round(o.rate * 2));
  const n = Math.round(o.rate * o.seconds) + warm;
  const ids: string[] = [];
  const mailBefore = stack.smtp.delivered;
  await closedLoop({
    label: 'latency: prepare',
    count: n,
    concurrency: o.prepareConcurrency,
    task: async (i) => {
      const id = await stack.startRaw(stack.ticketInput(intakeBody(i)));
      await stack.client.workflow
        .getHandle(id)
        .executeUpdate(actionUpdates.dispatch as never, { args: [{ actor: actorOf('dispatcher'), input: { unit: LEAD } }] as never });
      ids.push(id);
    },
  });
  // Settled: every dispatch mail sent, and the stack idle again (ledger writes done).
  await waitForMail(stack, mailBefore + ids.length, 300_000);
  await waitForIdle(stack, 300_000);
  const handler = await stack.token('handler');
  const sign = async (i: number) => {
    const res = await stack.http.request('POST', `/api/v1/tickets/${ids[i]}/actions/sign`, {}, { authorization: `Bearer ${handler}` });
    if (res.status !== 200) throw new Error(`sign → ${res.status} ${JSON.stringify(res.body).slice(0, 100)}`);
  };
  let next = 0;
  await openLoop({ label: 'latency: warm-up', count: warm, rate: o.rate, task: () => sign(next++) });
  await sleep(1000);
  const meter = new CpuMeter(() => stack.pids()).start();
  const r = await openLoop({ label: `latency: sign @ ${o.rate}/s`, count: n - warm, rate: o.rate, task: () => sign(next++) });
  const cpuCores = meter.stop();
  return {
    action: 'sign',
    rate: o.rate,
    seconds: o.seconds,
    latency: summarize(r.latencies),
    service: summarize(r.serviceLatencies),
    achievedPerSecond: rate(r),
    cpuCores,
    ...(errorsOf(r) ? { errors: r.errors } : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// 4. Scale: K open tickets with live timers; memory, database size, a restarted worker
// ---------------------------------------------------------------------------------------------

export interface ScaleFigures {
  tickets: number;
  openTickets: number;
  createPerSecond: number;
  /** Seconds after the last start until the worker had run every new ticket's first tasks. */
  settleSeconds: number;
  workerRssMiB: { beforeCreate?: number; afterCreate?: number; afterRestart?: number; afterServingAll?: number; peak?: number };
  databaseMiB: { db: number; wal: number; bytesPerTicket: number };
  restart: { processReadySeconds: number; serveAllSeconds: number; servedPerSecond: number; firstAnswerMs: number };
  errors?: Record<string, number>;
}

/**
 * Opens `k` tickets, each with a live timer — a direct-dispatch matter (停水) nobody has dispatched
 * yet, whose dispatch timer the rules set a day out so that it stays pending for the whole run
 * (rules are workflow input; the real 15 minutes would fire during a 100,000-ticket run). Then the
 * worker is restarted and every ticket's state is read through it: each read replays that
 * ticket's history in the fresh worker, which is what serving it again takes.
 */
export async function scale(stack: BenchStack, o: { k: number; concurrency: number; queryConcurrency: number }): Promise<ScaleFigures> {
  const workerPid = () => stack.node!.pid;
  const before = memoryOf(workerPid())?.rssMiB;
  const dbBefore = stack.dbBytes();
  const rules = { ...stack.rules, directDispatchMinutes: 24 * 60 };
  const body = { ...intakeBody(0), category: 'WATER_OUTAGE', description: '停水（压测）' };
  const ids: string[] = [];
  const created = await closedLoop({
    label: `scale: open ${o.k}`,
    count: o.k,
    concurrency: o.concurrency,
    task: async () => {
      ids.push(await stack.startRaw(stack.ticketInput(body, undefined, rules)));
    },
  });
  const t0 = performance.now();
  await waitForCount(stack, `ExecutionStatus = 'Running' AND TicketCategory = 'WATER_OUTAGE' AND TicketStatus = 'registered'`, ids.length, 1_800_000);
  await waitForIdle(stack, 1_800_000);
  const settleSeconds = round((performance.now() - t0) / 1000);
  const afterCreate = memoryOf(workerPid());
  const openTickets = await stack.count(`ExecutionStatus = 'Running'`);
  const db = stack.dbBytes();

  const restart = await stack.restartWorker();
  const afterRestart = memoryOf(workerPid())?.rssMiB;
  const t1 = performance.now();
  let firstAnswerMs = NaN;
  const served = await closedLoop({
    label: 'scale: serve all',
    count: ids.length,
    concurrency: o.queryConcurrency,
    task: async (i) => {
      const s = await stack.client.workflow.getHandle(ids[i]).query(stateQuery);
      if (Number.isNaN(firstAnswerMs)) firstAnswerMs = performance.now() - t1;
      if (s.status !== 'registered' || !s.deadlines.dispatchBy)
        throw new Error(`ticket in ${s.status}, expected registered with a dispatch deadline`);
    },
  });
  const afterServing = memoryOf(workerPid());
  const mib = (b: number) => round(b / 1024 / 1024);
  const errors = { ...errorsOf(created), ...errorsOf(served) };
  return {
    tickets: o.k,
    openTickets,
    createPerSecond: rate(created),
    settleSeconds,
    workerRssMiB: {
      beforeCreate: before,
      afterCreate: afterCreate?.rssMiB,
      afterRestart,
      afterServingAll: afterServing?.rssMiB,
      peak: Math.max(afterCreate?.peakMiB ?? 0, afterServing?.peakMiB ?? 0),
    },
    databaseMiB: {
      db: mib(db.db),
      wal: mib(db.wal),
      bytesPerTicket: Math.round((db.db + db.wal - dbBefore.db - dbBefore.wal) / Math.max(1, ids.length)),
    },
    restart: {
      processReadySeconds: round(restart.readyMs / 1000),
      serveAllSeconds: round(served.elapsedMs / 1000),
      servedPerSecond: rate(served),
      firstAnswerMs: round(firstAnswerMs),
    },
    ...(Object.keys(errors).length ? { errors } : {}),
  };
}
