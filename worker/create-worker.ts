// Builds the ticket worker; shared by `npm run worker`, `npm start` and the tests.
import type { DataConverter } from '@temporalio/common';
import { NativeConnection, Worker, WorkerDeploymentOptions, WorkerOptions } from '@temporalio/worker';
import type { WorkerActivities } from '../activities/contract';
import { requestIdActivityInterceptors } from './request-id-activity';
import { workflowInterceptorModules } from './workflow-bundle';
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
  /** Worker Deployment Versioning (worker/deployment.ts); unversioned without it (most tests). */
  deployment?: WorkerDeploymentOptions;
  tuning?: Pick<WorkerOptions, 'maxConcurrentWorkflowTaskExecutions' | 'maxConcurrentActivityTaskExecutions' | 'maxCachedWorkflows'>;
}

export function createTicketWorker(o: TicketWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: o.connection,
    namespace: o.namespace,
    taskQueue: o.taskQueue,
    activities: o.activities,
    dataConverter: o.dataConverter,
    workerDeploymentOptions: o.deployment,
    ...(o.workflowBundlePath ? { workflowBundle: { codePath: o.workflowBundlePath } } : { workflowsPath: require.resolve('../workflows') }),
    // The bundle carries the workflow interceptors itself; bundled at start, they are named here.
    interceptors: {
      activity: [requestIdActivityInterceptors],
      ...(o.workflowBundlePath ? {} : { workflowModules: workflowInterceptorModules }),
    },
    maxCachedWorkflows: TICKET_CACHE_SIZE,
    ...o.tuning,
  });
}
