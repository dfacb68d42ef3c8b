// Builds the ticket worker; shared by `npm run worker`, `npm start` and the tests.
import type { DataConverter } from '@temporalio/common';
import { NativeConnection, Worker, WorkerOptions } from '@temporalio/worker';
import type { WorkerActivities } from '../activities/contract';
import { TICKET_CACHE_SIZE } from './cache-size';

export interface TicketWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  activities: WorkerActivities;
  /** A prebuilt bundle (tests build one per run); otherwise the workflows are bundled at start. */
  workflowBundlePath?: string;
  /** The payload codec (codec/data-converter.ts); payloads go in plain JSON without it (most tests). */
  dataConverter?: DataConverter;
  tuning?: Pick<WorkerOptions, 'maxConcurrentWorkflowTaskExecutions' | 'maxConcurrentActivityTaskExecutions' | 'maxCachedWorkflows'>;
}

export function createTicketWorker(o: TicketWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: o.connection,
    namespace: o.namespace,
    taskQueue: o.taskQueue,
    activities: o.activities,
    dataConverter: o.dataConverter,
    ...(o.workflowBundlePath ? { workflowBundle: { codePath: o.workflowBundlePath } } : { workflowsPath: require.resolve('../workflows') }),
    maxCachedWorkflows: TICKET_CACHE_SIZE,
    ...o.tuning,
  });
}
