// `node dist/bench/startup.js --before <dir> [--before-node <node>] [--runs 3]`: start-up and
// memory at rest of the worker and the API, as this tree runs them (node dist/..., the bundle
// `npm run build` wrote) against an older tree run as it was (ts-node, the workflows bundled at
// start), each against the same in-memory dev server; plus the size of each tree's production
// node_modules when `--before-prod`/`--after-prod` name them. Runs alternate; medians and the
// after/before ratio are printed. The machine is shared: read the ratios, not the last digit.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Connection } from '@temporalio/client';
import { freePort, startDevServer } from '../platform/dev-server';
import { cacheDir, projectRoot } from '../platform/paths';
import { resolveTemporalCli } from '../platform/temporal-cli';
import { ensureSearchAttributes } from '../worker/search-attributes';
import { CompiledChild, spawnReady } from './lib/child';
import { memoryOf } from './lib/procstat';

interface Variant {
  label: string;
  root: string;
  worker: string[];
  api: string[];
}
interface Sample {
  workerReadyMs: number;
  workerRssMiB: number;
  apiReadyMs: number;
  apiRssMiB: number;
}

const AT_REST_MS = 5_000;
const logDir = path.join(cacheDir, 'bench', 'startup');

function variants(beforeRoot: string, beforeNode: string): Variant[] {
  const tsNode = (script: string) => [beforeNode, path.join(beforeRoot, 'node_modules/ts-node/dist/bin.js'), '--transpile-only', script];
  return [
    { label: 'before', root: beforeRoot, worker: tsNode('worker/main.ts'), api: tsNode('api/main.ts') },
    { label: 'after', root: projectRoot, worker: [process.execPath, 'dist/worker/main.js'], api: [process.execPath, 'dist/api/main.js'] },
  ];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function untilReady(url: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await fetch(url).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`${url} not ready within ${timeoutMs} ms`);
    await sleep(20);
  }
}

async function atRest(child: CompiledChild): Promise<number> {
  await sleep(AT_REST_MS);
  const rss = memoryOf(child.pid)?.rssMiB ?? NaN;
  await child.stop();
  return rss;
}

async function sample(v: Variant, address: string, run: number): Promise<Sample> {
  const env = {
    TEMPORAL_ADDRESS: address,
    TEMPORAL_TASK_QUEUE: `startup-${v.label}-${run}`,
    HOTLINE_JWT_SECRET: 'startup-benchmark-secret-0123456789abcdef',
    HOTLINE_DATA_DIR: path.join(logDir, `data-${v.label}-${run}`),
    NODE_ENV: 'production',
  };
  const t0 = performance.now();
  const worker = await spawnReady(v.worker, { cwd: v.root, env, ready: /polling task queue/, logFile: path.join(logDir, `${v.label}-worker.log`) });
  const workerReadyMs = performance.now() - t0;
  const workerRssMiB = await atRest(worker);

  const port = await freePort();
  const t1 = performance.now();
  const api = await spawnReady(v.api, {
    cwd: v.root,
    env: { ...env, PORT: String(port) },
    ready: /listening on/,
    logFile: path.join(logDir, `${v.label}-api.log`),
  });
  await untilReady(`http://127.0.0.1:${port}/readyz`);
  const apiReadyMs = performance.now() - t1;
  const apiRssMiB = await atRest(api);
  return { workerReadyMs, workerRssMiB, apiReadyMs, apiRssMiB };
}

function dirMiB(dir: string): number {
  let bytes = 0;
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) bytes += fs.statSync(path.join(entry.parentPath, entry.name)).size;
  }
  return bytes / 2 ** 20;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  const { values } = parseArgs({
    options: {
      before: { type: 'string' },
      'before-node': { type: 'string', default: 'node' },
      'before-prod': { type: 'string' },
      'after-prod': { type: 'string' },
      runs: { type: 'string', default: '3' },
    },
  });
  if (!values.before) throw new Error('--before <dir>: a checkout of the older tree, with its node_modules');
  const cliPath = resolveTemporalCli();
  if (!cliPath) throw new Error('no temporal CLI: run `npm run setup` (or set TEMPORAL_CLI_PATH)');
  fs.rmSync(logDir, { recursive: true, force: true });
  const server = await startDevServer({ cliPath, port: await freePort() });
  const rows: Record<string, Sample[]> = { before: [], after: [] };
  try {
    const connection = await Connection.connect({ address: server.address });
    await ensureSearchAttributes(connection, 'default');
    await connection.close();
    const list = variants(path.resolve(values.before), values['before-node']);
    for (let run = 0; run < Number(values.runs); run++) {
      for (const v of run % 2 ? [...list].reverse() : list) rows[v.label].push(await sample(v, server.address, run));
    }
  } finally {
    await server.stop();
  }
  const figures: [string, keyof Sample, string][] = [
    ['worker start to first poll', 'workerReadyMs', 'ms'],
    ['API start to /readyz 200', 'apiReadyMs', 'ms'],
    ['worker RSS at rest', 'workerRssMiB', 'MiB'],
    ['API RSS at rest', 'apiRssMiB', 'MiB'],
  ];
  console.log(`| figure (median of ${values.runs}) | before | after | after/before |\n| --- | ---: | ---: | ---: |`);
  for (const [name, key, unit] of figures) {
    const b = median(rows.before.map((s) => s[key]));
    const a = median(rows.after.map((s) => s[key]));
    console.log(`| ${name} | ${b.toFixed(0)} ${unit} | ${a.toFixed(0)} ${unit} | ${(a / b).toFixed(2)} |`);
  }
  if (values['before-prod'] && values['after-prod']) {
    const b = dirMiB(values['before-prod']);
    const a = dirMiB(values['after-prod']);
    console.log(`| production node_modules | ${b.toFixed(0)} MiB | ${a.toFixed(0)} MiB | ${(a / b).toFixed(2)} |`);
  }
  console.log(`\nall samples: ${JSON.stringify(rows)}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
