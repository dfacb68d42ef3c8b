// The benchmark's record (written as JSON) and its table on the terminal, next to the goals for a
// 2-core node. The goals are printed, never asserted.
import type { BareFigures } from './bare';
import type { AttachmentFigures } from './attachments';
import type { CodecFigures } from './codec';
import type { WriteCost } from './ledger-write';
import type { StatsScaleSize } from './stats-scale';
import type { IntakeFigures, LatencyFigures, LifecycleFigures, ScaleFigures } from './scenarios';

export interface Report {
  startedAt: string;
  command: string;
  machine: Record<string, unknown>;
  settings: Record<string, unknown>;
  figures: {
    intake?: IntakeFigures;
    bare?: BareFigures;
    featured?: BareFigures;
    lifecycle?: LifecycleFigures;
    latency?: LatencyFigures;
    scale?: ScaleFigures;
    codec?: CodecFigures;
    attachments?: AttachmentFigures;
    ledgerWrite?: WriteCost[];
    statsScale?: StatsScaleSize[];
  };
  durationSeconds?: number;
  error?: string;
}

export const goals = {
  intakePerSecond: 100,
  lifecyclesPerSecond: 30,
  actionP99Ms: 100,
  apiOverhead: 0.1,
  /** Issue 17: lifecycles through the API at this share of the bare lifecycle's rate, or more. */
  lifecycleOverBare: 0.8,
};

const mark = (ok: boolean) => (ok ? 'met' : 'NOT met');
const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
const lat = (l: { p50: number; p95: number; p99: number }) => `p50 ${l.p50} / p95 ${l.p95} / p99 ${l.p99} ms`;

function table(rows: [string, string, string][]): string {
  const w = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i].length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(w[i])).join(' | ')} |`;
  return [line(rows[0]), line(w.map((n) => '-'.repeat(n))), ...rows.slice(1).map(line)].join('\n');
}

export function rowsOf(r: Report): [string, string, string][] {
  const rows: [string, string, string][] = [['figure', 'value', `goal (2 cores)`]];
  const { intake, bare, featured, lifecycle, latency, scale, codec, attachments } = r.figures;
  if (intake) {
    rows.push([
      `intake via API (${intake.concurrency} callers)`,
      `${intake.apiPerSecond} tickets/s`,
      `≥ ${goals.intakePerSecond}/s: ${mark(intake.apiPerSecond >= goals.intakePerSecond)}`,
    ]);
    rows.push(['intake via raw workflow.start', `${intake.rawPerSecond} tickets/s`, '']);
    rows.push([
      'API overhead (1 − API/raw)',
      pct(intake.apiOverhead),
      `< ${pct(goals.apiOverhead)}: ${mark(intake.apiOverhead < goals.apiOverhead)}`,
    ]);
    rows.push(['intake latency, API', lat(intake.apiLatency), '']);
    rows.push(['intake latency, raw', lat(intake.rawLatency), '']);
  }
  if (lifecycle) {
    rows.push([
      `lifecycles via API (${lifecycle.concurrency} in flight)`,
      `${lifecycle.perSecond} /s (${lifecycle.requestsPerSecond} req/s)`,
      `≥ ${goals.lifecyclesPerSecond}/s: ${mark(lifecycle.perSecond >= goals.lifecyclesPerSecond)}`,
    ]);
    rows.push(['one lifecycle (8 requests)', lat(lifecycle.lifecycleLatency), '']);
  }
  if (bare) {
    rows.push([
      `bare lifecycle (start + ${bare.updates} updates, ${bare.concurrency} in flight)`,
      `${bare.perSecond} /s (runs ${bare.runs.join(', ')})`,
      '',
    ]);
    if (lifecycle) {
      const ratio = Math.round((lifecycle.perSecond / bare.perSecond) * 1000) / 1000;
      rows.push([
        'lifecycles / bare lifecycles',
        `${ratio}${intake ? ` (intake API/raw ${Math.round((1 - intake.apiOverhead) * 1000) / 1000})` : ''}`,
        `≥ ${goals.lifecycleOverBare}: ${mark(ratio >= goals.lifecycleOverBare)}`,
      ]);
    }
  }
  if (featured) {
    const share = (a: number, b: number) => `${Math.round((a / b) * 1000) / 1000}`;
    rows.push([
      `featured bare lifecycle (search attributes, local activities, mail)`,
      `${featured.perSecond} /s (runs ${featured.runs.join(', ')})`,
      '',
    ]);
    if (bare) rows.push(["featured / bare lifecycles (Temporal's share)", share(featured.perSecond, bare.perSecond), '']);
    if (lifecycle) rows.push(["lifecycles / featured (the engine's share)", share(lifecycle.perSecond, featured.perSecond), '']);
  }
  if (codec) {
    rows.push([
      `payload codec: lifecycles/s with / without (${codec.count} × 2 each)`,
      `${codec.encryptedPerSecond} / ${codec.plaintextPerSecond} = ${codec.encryptedOverPlaintext}`,
      '',
    ]);
  }
  if (attachments) {
    const mb = (attachments.fileBytes / 1024 / 1024).toFixed(1);
    rows.push([
      `attachments: ${mb} MB photo up / down, MB/s (copy ${attachments.copyMBps})`,
      `${attachments.uploadMBps} / ${attachments.downloadMBps} = ${attachments.uploadOverCopy} / ${attachments.downloadOverCopy} of copy`,
      '',
    ]);
  }
  if (latency) {
    rows.push([
      `${latency.action} at ${latency.rate}/s for ${latency.seconds} s`,
      lat(latency.latency),
      `p99 < ${goals.actionP99Ms} ms: ${mark(latency.latency.p99 < goals.actionP99Ms)}`,
    ]);
  }
  for (const w of r.figures.ledgerWrite ?? [])
    rows.push([
      `ledger write, ${w.database}: ms before / after the aggregates (${w.writes} writes)`,
      `${w.beforeMs} / ${w.afterMs} = ${w.afterOverBefore}`,
      '',
    ]);
  for (const s of r.figures.statsScale ?? []) {
    rows.push([`stats-scale: ${s.tickets} tickets loaded`, `${s.loadSeconds} s`, '']);
    for (const [name, ms] of Object.entries(s.endpoints)) rows.push([`  ${name}`, `${ms} ms`, `≤ 300 ms: ${mark(ms <= 300)}`]);
    for (const [name, ms] of Object.entries(s.direct)) rows.push([`  before (raw rows): ${name}`, `${ms} ms`, '']);
  }
  if (scale) {
    rows.push([`scale: open tickets (created ${scale.tickets})`, `${scale.openTickets} (created at ${scale.createPerSecond}/s)`, '']);
    const m = scale.workerRssMiB;
    rows.push(['worker RSS MiB: after create / restart / all served', `${m.afterCreate} / ${m.afterRestart} / ${m.afterServingAll}`, '']);
    rows.push([
      'database (SQLite + WAL)',
      `${scale.databaseMiB.db} + ${scale.databaseMiB.wal} MiB, ${scale.databaseMiB.bytesPerTicket} B/ticket`,
      '',
    ]);
    rows.push([
      'restarted worker: ready, then all served',
      `${scale.restart.processReadySeconds} s, then ${scale.restart.serveAllSeconds} s (${scale.restart.servedPerSecond}/s)`,
      '',
    ]);
  }
  return rows;
}

export function printReport(r: Report): void {
  console.log('');
  console.log(`Machine: ${r.machine.cores} cores (${r.machine.cpu}), ${r.machine.memoryGiB} GiB, Node ${r.machine.node}, ${r.machine.temporal}`);
  for (const [k, v] of Object.entries(r.settings)) console.log(`  ${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`);
  console.log('');
  console.log(table(rowsOf(r)));
  const errs = Object.entries(r.figures).filter(([, f]) => (f as { errors?: unknown }).errors);
  for (const [name, f] of errs) console.log(`  errors in ${name}: ${JSON.stringify((f as { errors?: unknown }).errors)}`);
  if (r.error) console.log(`\nThe run stopped early: ${r.error}`);
}
