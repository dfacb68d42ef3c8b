// `npm run worker`: the ticket worker alone, against TEMPORAL_ADDRESS (production).
import { loadEnv } from '../config/env';
import { secureDataDir } from '../platform/private-files';
import { startWorker } from './runtime';

async function main() {
  const env = loadEnv();
  secureDataDir(env.HOTLINE_DATA_DIR);
  const { worker, running } = await startWorker(env);
  console.log(`[worker] polling task queue "${env.TEMPORAL_TASK_QUEUE}" on ${env.TEMPORAL_ADDRESS ?? 'local dev server'}`);
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => worker.shutdown());
  await running;
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
