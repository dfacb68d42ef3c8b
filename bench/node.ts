// One node of the benchmark: the worker and/or the API, as `npm start` runs them (one process) or
// as docker compose does (two). Started by bench/lib/stack.ts with the usual environment
// (TEMPORAL_ADDRESS, PORT, HOTLINE_DATA_DIR, HOTLINE_JWT_SECRET, SMTP_URL, DATABASE_URL) plus
//   BENCH_ROLE    both | worker | api   (default both)
//   BENCH_TUNING  JSON of worker tuning options (maxConcurrentWorkflowTaskExecutions, …)
//   BENCH_PLAINTEXT  1: payloads without the codec (only to measure the codec's cost)
// Prints `BENCH-READY {"url":…}` once it serves.
import { loadEnv } from '../config/env';
import { startApi } from '../api/runtime';
import { startWorker } from '../worker/runtime';

async function main() {
  const env = loadEnv();
  const role = process.env.BENCH_ROLE ?? 'both';
  const tuning = process.env.BENCH_TUNING ? JSON.parse(process.env.BENCH_TUNING) : undefined;
  const address = env.TEMPORAL_ADDRESS;
  const payloads = process.env.BENCH_PLAINTEXT === '1' ? 'plaintext' : 'encrypted';
  const worker = role === 'api' ? undefined : await startWorker(env, address, tuning, payloads);
  const api = role === 'worker' ? undefined : await startApi(env, address, payloads);
  console.log(`BENCH-READY ${JSON.stringify({ role, url: api?.url, pid: process.pid })}`);
  const stop = async () => {
    worker?.worker.shutdown();
    await Promise.allSettled([worker?.running, api?.close()]);
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop());
  process.once('SIGINT', () => void stop());
  worker?.running.catch((err) => {
    console.error('[bench node] worker stopped:', err);
    process.exit(1);
  });
}

main().catch((err) => {
  console.error(err instanceof Error ? err.stack : err);
  process.exit(1);
});
