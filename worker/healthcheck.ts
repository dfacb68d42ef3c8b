// `node dist/worker/healthcheck.js`: the worker container's health check (docker-compose.yml). A
// worker opens no port to probe, so this asks Temporal instead: healthy when the task queue has a
// poller from this host (the SDK's default worker identity is `pid@hostname`) seen lately. An idle
// worker's long poll is renewed about every minute, hence the two-minute window.
import os from 'node:os';
import { Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { loadEnv } from '../config/env';
import { temporalTarget } from '../platform/temporal-connection';

const RECENT_MS = 2 * 60_000;

export async function pollsFromHost(connection: Connection, namespace: string, taskQueue: string, host: string): Promise<boolean> {
  const { pollers } = await connection.workflowService.describeTaskQueue({
    namespace,
    taskQueue: { name: taskQueue },
    taskQueueType: temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
  });
  return pollers.some((p) => {
    const seenMs = Number(p.lastAccessTime?.seconds ?? 0) * 1000;
    return p.identity?.endsWith(`@${host}`) && Date.now() - seenMs < RECENT_MS;
  });
}

async function main() {
  const env = loadEnv();
  const target = temporalTarget(env);
  const connection = await Connection.connect({ ...target, connectTimeout: 5_000 });
  try {
    const healthy = await pollsFromHost(connection, target.namespace, env.TEMPORAL_TASK_QUEUE, os.hostname());
    if (!healthy) console.error(`[healthcheck] no recent poller from ${os.hostname()} on "${env.TEMPORAL_TASK_QUEUE}"`);
    process.exitCode = healthy ? 0 : 1;
  } finally {
    await connection.close();
  }
}

if (require.main === module) {
  main().catch((err) => {
    console.error(`[healthcheck] ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
}
