// `npm run worker`: the ticket worker alone, against TEMPORAL_ADDRESS (production).
import { loadEnv } from '../config/env';
import { secureDataDir } from '../platform/private-files';
import { startWorker } from './runtime';
import { announce, errorFields, log } from '../platform/log';

async function main() {
  const env = loadEnv();
  secureDataDir(env.HOTLINE_DATA_DIR);
  const { worker, running } = await startWorker(env);
  const temporal = env.TEMPORAL_ADDRESS ?? 'local dev server';
  announce('worker', { taskQueue: env.TEMPORAL_TASK_QUEUE, temporal }, `polling task queue "${env.TEMPORAL_TASK_QUEUE}" on ${temporal}`);
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => worker.shutdown());
  await running;
}

main().catch((err) => {
  log('worker').error(errorFields(err), 'not started');
  process.exit(1);
});
