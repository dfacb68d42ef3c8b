// `npm run bench [-- flags]`: what one node carries. Starts its own stack (a Temporal dev server
// on a fresh SQLite file, an SMTP sink, the worker and the API; or uses TEMPORAL_ADDRESS), sends
// bounded load over loopback, prints a table and writes every figure to bench/results/*.json.
// Defaults finish in under 5 minutes on 2 cores; flags scale them up (--scale 100000).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { projectRoot } from '../platform/paths';
import { ensureTemporalCli } from '../platform/temporal-cli';
import { cachedServerDir } from '../platform/temporal-server';
import { BenchStack, WorkerTuning } from '../bench/lib/stack';
import { actionLatency, intake, lifecycle, lifecycleSteps, scale } from '../bench/scenarios';
import { printReport, Report } from '../bench/report';
import { codecCost } from '../bench/codec';
import { knowledgeBench, printKnowledge } from '../bench/knowledge/bench';
import { BareRunner } from '../bench/bare';
import { attachmentThroughput } from '../bench/attachments';
import { ledgerWriteCost } from '../bench/ledger-write';
import { statsScale } from '../bench/stats-scale';
import { startPostgres } from '../test/setup/postgres';

const ledgerScenarios = ['ledger-write', 'stats-scale'];

const usage = `usage: npm run bench -- [options]
  --only LIST              intake,bare,featured,lifecycle,latency,scale,codec,attachments,ledger-write,
                           stats-scale (default: intake,bare,lifecycle,latency,scale,ledger-write)
                           bare: the lifecycle's round trips through Temporal alone (before and
                           after the lifecycles when both run; their ratio is printed)
                           featured: the same with a ticket's Temporal features (search attributes,
                           local activities, the mail activity, ticket-sized results), alternated
                           with bare: Temporal's share of the gap, the rest is the engine's
                           knowledge: search and intake preview on 10,000 articles and 100,000
                           tickets, duplicate precision/recall (alone: no Temporal stack)
  --write-tickets N        random ticket histories for the ledger-write figure (default 150)
  --stats-per-day N        tickets a day for stats-scale (default 15000, Qingdao)
  --stats-years LIST       years loaded for stats-scale, each size measured (default 1,4)
  --stats-days D           instead: one size of D days ending with the measured month (a quick look)
  --intake N               intakes per kind, raw and API (default 1000)
  --intake-concurrency C   concurrent intake callers (default 32)
  --lifecycles N           full lifecycles (default 300)
  --lifecycle-concurrency C  lifecycles in flight (default 16)
  --codec-lifecycles N     lifecycles per run of the codec figure (4 runs, with and without; default 100)
  --attachment-rounds N    5 MB photos uploaded and downloaded for the attachments figure (default 10)
  --rate R                 action requests per second for the latency figure (default 20)
  --seconds S              how long the latency figure is taken (default 30)
  --scale K                open tickets for the scale figure (default 10000; e.g. 100000)
  --scale-concurrency C    concurrent creators for the scale figure (default 32)
  --tuning k=v             worker option (repeatable): maxConcurrentWorkflowTaskExecutions,
                           maxConcurrentActivityTaskExecutions, maxCachedWorkflows
  --pragma p=v             dev server SQLite pragma (repeatable; replaces the default list)
  --dynamic-config k=v     dev server dynamic config value, v in JSON (repeatable)
  --split                  worker and API in two processes (as docker compose), not one (as npm start)
  --workers N              worker processes on the task queue, with --split (default 1)
  --temporal dev|postgres  the server: the dev server on SQLite (default), or Temporal built from
                           source on PostgreSQL with 4 history shards (production's; Go builds it once)
  --ledger pglite|postgres the worker's ledger (default pglite, as npm start)
  --out FILE               the JSON file (default bench/results/<time>.json)
  --keep                   keep the temp directory (SQLite file, node logs)
Environment: TEMPORAL_ADDRESS uses that cluster instead of a dev server (on a task queue of its own).`;

function pairs(list: string[] | undefined, json: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const p of list ?? []) {
    const i = p.indexOf('=');
    if (i < 1) throw new Error(`expected key=value, got ${p}`);
    const v = p.slice(i + 1);
    out[p.slice(0, i)] = json ? JSON.parse(v) : v;
  }
  return out;
}

const cachedServerPath = () => path.join(cachedServerDir(), 'temporal-server');

function machine(cli: string | undefined) {
  let temporal = 'unknown';
  try {
    temporal = cli ? execFileSync(cli, ['--version'], { encoding: 'utf8' }).trim() : 'none';
  } catch {
    /* keep unknown */
  }
  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: projectRoot, encoding: 'utf8' }).trim();
  } catch {
    /* not a git checkout */
  }
  return {
    cores: os.cpus().length,
    cpu: os.cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    temporal,
    commit,
  };
}

async function main() {
  const { values } = parseArgs({
    options: {
      only: { type: 'string', default: 'intake,bare,lifecycle,latency,scale,ledger-write' },
      'write-tickets': { type: 'string', default: '150' },
      'stats-per-day': { type: 'string', default: '15000' },
      'stats-years': { type: 'string', default: '1,4' },
      'stats-days': { type: 'string' },
      intake: { type: 'string', default: '1000' },
      'intake-concurrency': { type: 'string', default: '32' },
      lifecycles: { type: 'string', default: '300' },
      'lifecycle-concurrency': { type: 'string', default: '16' },
      'codec-lifecycles': { type: 'string', default: '100' },
      'attachment-rounds': { type: 'string', default: '10' },
      rate: { type: 'string', default: '20' },
      seconds: { type: 'string', default: '30' },
      scale: { type: 'string', default: '10000' },
      'scale-concurrency': { type: 'string', default: '32' },
      tuning: { type: 'string', multiple: true },
      pragma: { type: 'string', multiple: true },
      'dynamic-config': { type: 'string', multiple: true },
      split: { type: 'boolean', default: false },
      workers: { type: 'string', default: '1' },
      temporal: { type: 'string', default: 'dev' },
      ledger: { type: 'string', default: 'pglite' },
      out: { type: 'string' },
      keep: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return console.log(usage);
  const num = (k: keyof typeof values) => {
    const n = Number(values[k]);
    if (!Number.isFinite(n) || n <= 0) throw new Error(`--${String(k)} must be a positive number\n${usage}`);
    return n;
  };
  const only = new Set(values.only!.split(',').map((s) => s.trim()));
  for (const s of only)
    if (!['intake', 'bare', 'featured', 'lifecycle', 'latency', 'scale', 'codec', 'knowledge', 'attachments', ...ledgerScenarios].includes(s))
      throw new Error(`--only: unknown ${s}\n${usage}`);
  if (!['pglite', 'postgres'].includes(values.ledger!)) throw new Error(`--ledger pglite|postgres\n${usage}`);
  if (!['dev', 'postgres'].includes(values.temporal!)) throw new Error(`--temporal dev|postgres\n${usage}`);
  const workers = num('workers');
  if (workers > 1 && !values.split) throw new Error(`--workers needs --split\n${usage}`);
  if (only.has('knowledge')) {
    // Issue 15: reads of the ledger only, no Temporal stack; printed, never asserted.
    if (only.size > 1) throw new Error(`--only knowledge runs alone\n${usage}`);
    const figures = await knowledgeBench({ ledger: values.ledger as 'pglite' | 'postgres' });
    printKnowledge(figures);
    const file = values.out ?? path.join(projectRoot, 'bench', 'results', `knowledge-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(
      file,
      `${JSON.stringify({ command: `npm run bench -- ${process.argv.slice(2).join(' ')}`, machine: machine(undefined), figures }, null, 2)}\n`,
    );
    return;
  }
  const tuning = Object.fromEntries(Object.entries(pairs(values.tuning, false)).map(([k, v]) => [k, Number(v)])) as WorkerTuning;
  const pragmas = values.pragma?.length ? values.pragma : undefined;
  const dynamicConfig = pairs(values['dynamic-config'], true);
  const external = process.env.TEMPORAL_ADDRESS;

  if ([...only].every((s) => ledgerScenarios.includes(s))) return ledgerOnly(only, num, values['stats-years']!, values['stats-days']);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hotline-bench-'));
  const stack = new BenchStack({
    dir,
    temporalAddress: external,
    taskQueue: external ? `bench-${process.pid}` : undefined,
    pragmas,
    dynamicConfig,
    tuning: Object.keys(tuning).length ? tuning : undefined,
    split: values.split,
    workers,
    temporal: values.temporal as 'dev' | 'postgres',
    ledger: values.ledger as 'pglite' | 'postgres',
  });
  const started = Date.now();
  const report: Report = {
    startedAt: new Date(started).toISOString(),
    command: `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim(),
    machine: machine(external ? undefined : values.temporal === 'postgres' ? cachedServerPath() : await ensureTemporalCli()),
    settings: {},
    figures: {},
  };
  let failed = false;
  const stop = async () => {
    await stack.stop().catch((err) => console.error('[bench] stopping:', err));
    if (!values.keep) fs.rmSync(dir, { recursive: true, force: true });
    else console.log(`[bench] kept ${dir}`);
  };
  process.once('SIGINT', () => void stop().then(() => process.exit(130)));
  try {
    console.log(`[bench] starting the stack in ${dir}`);
    await stack.start((m) => console.log(m));
    report.settings = stack.settings();
    if (only.has('ledger-write')) report.figures.ledgerWrite = [await ledgerWriteCost({ tickets: num('write-tickets') })];
    if (only.has('intake')) {
      console.log('[bench] 1/4 intake: API against raw client.workflow.start');
      report.figures.intake = await intake(stack, { count: num('intake'), concurrency: num('intake-concurrency') });
    }
    // The bare lifecycles run before and after the engine's, on the same server: drift weighs on all.
    const shape = { count: num('lifecycles'), concurrency: num('lifecycle-concurrency'), updates: lifecycleSteps.length - 1 };
    const bares = (['bare', 'featured'] as const).filter((f) => only.has(f)).map((f) => new BareRunner(stack, shape, f));
    try {
      for (const b of bares) await b.start();
      if (bares.length) console.log('[bench] bare lifecycle: the same round trips through Temporal alone');
      for (const b of bares) await b.measure(`${b.form} lifecycle 1/2`);
      if (only.has('lifecycle')) {
        console.log('[bench] 2/4 lifecycle through the API');
        report.figures.lifecycle = await lifecycle(stack, { count: num('lifecycles'), concurrency: num('lifecycle-concurrency') });
      }
      if (only.has('lifecycle') || bares.length > 1) for (const b of bares) await b.measure(`${b.form} lifecycle 2/2`);
      for (const b of bares) report.figures[b.form] = b.figures();
    } finally {
      for (const b of bares) await b.stop();
    }
    if (only.has('codec')) {
      console.log('[bench] the payload codec: lifecycles with and without it, alternated');
      report.figures.codec = await codecCost(stack, { count: num('codec-lifecycles'), concurrency: num('lifecycle-concurrency') });
    }
    if (only.has('attachments')) {
      console.log('[bench] attachments: a 5 MB photo up and down through the API, against a copy on the same disk');
      report.figures.attachments = await attachmentThroughput(stack, { dir, rounds: num('attachment-rounds') });
    }
    if (only.has('latency')) {
      console.log('[bench] 3/4 action latency at a fixed rate');
      report.figures.latency = await actionLatency(stack, { rate: num('rate'), seconds: num('seconds'), prepareConcurrency: 16 });
    }
    if (only.has('scale')) {
      console.log('[bench] 4/4 scale: open tickets, restarted worker');
      report.figures.scale = await scale(stack, { k: num('scale'), concurrency: num('scale-concurrency'), queryConcurrency: 64 });
    }
  } catch (err) {
    failed = true;
    report.error = err instanceof Error ? err.message : String(err);
    console.error(`[bench] failed: ${report.error}`);
  } finally {
    report.durationSeconds = Math.round((Date.now() - started) / 1000);
    await stop();
  }
  const out = values.out ?? path.join(projectRoot, 'bench', 'results', `${report.startedAt.replace(/[:.]/g, '-')}.json`);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
  printReport(report);
  console.log(`\n[bench] figures written to ${path.relative(process.cwd(), out)} (${report.durationSeconds} s)`);
  process.exit(failed ? 1 : 0);
}

// Figures of the ledger alone (issue #26): no Temporal stack is started for them.
async function ledgerOnly(
  only: Set<string>,
  num: (k: 'write-tickets' | 'stats-per-day') => number,
  statsYears: string,
  statsDays?: string,
): Promise<void> {
  const started = Date.now();
  const report: Report = {
    startedAt: new Date(started).toISOString(),
    command: `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim(),
    machine: machine(undefined),
    settings: {
      load: os
        .loadavg()
        .map((x) => x.toFixed(1))
        .join(' '),
    },
    figures: {},
  };
  try {
    if (only.has('ledger-write')) {
      console.log('[bench] ledger write cost, PGlite and PostgreSQL');
      const pg = await startPostgres();
      try {
        report.figures.ledgerWrite = [
          await ledgerWriteCost({ tickets: num('write-tickets') }),
          await ledgerWriteCost({ tickets: num('write-tickets'), postgresUrl: (name) => pg.createDatabase(name) }),
        ];
      } finally {
        await pg.stop();
      }
    }
    if (only.has('stats-scale')) {
      const years = statsYears.split(',').map(Number);
      const days = statsDays === undefined ? undefined : Number(statsDays);
      if (days !== undefined && !(Number.isInteger(days) && days >= 31)) throw new Error(`--stats-days must be an integer ≥ 31\n${usage}`);
      report.figures.statsScale = await statsScale({ perDay: num('stats-per-day'), years, days, log: (m) => console.log(m) });
    }
  } catch (err) {
    report.error = err instanceof Error ? err.message : String(err);
    console.error(`[bench] failed: ${report.error}`);
  }
  report.durationSeconds = Math.round((Date.now() - started) / 1000);
  report.settings.loadAfter = os
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(' ');
  const out = path.join(projectRoot, 'bench', 'results', `${report.startedAt.replace(/[:.]/g, '-')}.json`);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
  printReport(report);
  console.log(`\n[bench] figures written to ${path.relative(process.cwd(), out)} (${report.durationSeconds} s)`);
  process.exit(report.error ? 1 : 0);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
