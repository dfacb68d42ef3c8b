// `node dist/bench/console.js [--url http://127.0.0.1:3000] [--runs 5] [--tickets 0]`: the web
// console's figures, against a running `npm start` in development mode (the role picker's token
// route): the size of the built console (all of it, and what the pool's first load fetches, raw
// and gzip), and the pool's time to first paint and to its first rows in headless Chromium on
// loopback, each run in a fresh browser context (an empty cache). `--tickets N` first registers N
// tickets so the pool has rows to draw. Medians are printed; the machine is shared, read them as such.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { projectRoot } from '../platform/paths';

const { values } = parseArgs({
  options: {
    url: { type: 'string', default: 'http://127.0.0.1:3000' },
    runs: { type: 'string', default: '5' },
    tickets: { type: 'string', default: '0' },
    chromium: { type: 'string', default: '/usr/bin/chromium' },
  },
});
const base = values.url!;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const kb = (n: number) => `${(n / 1024).toFixed(0)} KiB`;

async function token(role: string): Promise<string> {
  const res = await fetch(`${base}/auth/dev-token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ role }),
  });
  if (!res.ok) throw new Error(`POST /auth/dev-token: ${res.status} (is npm start running in development mode at ${base}?)`);
  return ((await res.json()) as { token: string }).token;
}

function sizes(entry: string[]) {
  const dir = path.join(projectRoot, 'dist', 'console', 'assets');
  const files = fs.readdirSync(dir).map((f) => ({ f, body: fs.readFileSync(path.join(dir, f)) }));
  const sum = (xs: typeof files) => ({ raw: xs.reduce((n, x) => n + x.body.length, 0), gzip: xs.reduce((n, x) => n + gzipSync(x.body).length, 0) });
  return { all: sum(files), firstLoad: sum(files.filter((x) => entry.includes(x.f))) };
}

async function main() {
  const op = await token('operator');
  for (let i = 0; i < Number(values.tickets); i++) {
    const res = await fetch(`${base}/api/v1/tickets`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${op}` },
      body: JSON.stringify({ channel: 'phone', category: 'PROPERTY_MANAGEMENT', description: `性能测试工单 ${i}`, location: { district: 'JB' } }),
    });
    if (res.status !== 201) throw new Error(`intake: ${res.status} ${await res.text()}`);
  }
  const dispatcher = await token('dispatcher');
  const browser = await chromium.launch({
    executablePath: values.chromium,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  const paint: number[] = [];
  const rows: number[] = [];
  let fetched: string[] = [];
  try {
    for (let run = 0; run < Number(values.runs); run++) {
      const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
      await context.addInitScript((t) => sessionStorage.setItem('hotline.console.token', t), dispatcher);
      const page = await context.newPage();
      const assets: string[] = [];
      page.on('response', (r) => r.url().includes('/console/assets/') && assets.push(path.basename(new URL(r.url()).pathname)));
      await page.goto(`${base}/console/#/pool`);
      await page.locator('.el-table__row, .el-table__empty-text:has-text("没有工单")').first().waitFor();
      const t = (await page.evaluate(`({
        fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN,
        rows: performance.now(),
      })`)) as { fcp: number; rows: number };
      paint.push(t.fcp);
      rows.push(t.rows);
      fetched = assets;
      await context.close();
    }
  } finally {
    await browser.close();
  }
  const s = sizes(fetched);
  console.log(`console build: ${kb(s.all.raw)} (${kb(s.all.gzip)} gzip) in dist/console/assets`);
  console.log(`pool's first load: ${fetched.length} files, ${kb(s.firstLoad.raw)} (${kb(s.firstLoad.gzip)} gzip)`);
  console.log(`pool, ${paint.length} runs, median: first contentful paint ${median(paint).toFixed(0)} ms, first rows ${median(rows).toFixed(0)} ms`);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
