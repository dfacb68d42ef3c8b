// Workflow interceptors (bundled with the workflows: worker/workflow-bundle.ts): the request id the
// API put in the headers of the ticket's start, an update or a signal is on the log lines of the
// activation that handles it, and in the headers of the activities that activation schedules.
// An activation that no request caused (a timer, an activity's result) carries none. Log attributes
// and activity headers are no part of the workflow's decisions: replay and determinism are
// unaffected, and histories recorded without the header replay as before.
import { log, type WorkflowInterceptorsFactory } from '@temporalio/workflow';
import { REQUEST_ID_HEADER_KEY, requestIdOf, requestIdPayload } from './request-id';

// Module state is per workflow execution (the SDK gives each workflow its own module cache).
let current: string | undefined;

/** One line per request that reaches the workflow: from the API's access line to the workflow's. */
const received = (message: string, fields: Record<string, string>, headers: Parameters<typeof requestIdOf>[0]): void => {
  current = requestIdOf(headers) ?? current;
  log.info(message, fields);
};

const withRequestId = <T extends { headers: Record<string, unknown> }>(input: T): T =>
  current ? { ...input, headers: { ...input.headers, [REQUEST_ID_HEADER_KEY]: requestIdPayload(current) } } : input;

export const interceptors: WorkflowInterceptorsFactory = () => ({
  internals: [
    {
      activate(input, next) {
        if (input.batchIndex === 0) current = undefined;
        return next(input);
      },
    },
  ],
  inbound: [
    {
      execute(input, next) {
        received('workflow started', {}, input.headers);
        return next(input);
      },
      handleUpdate(input, next) {
        received('update received', { update: input.name }, input.headers);
        return next(input);
      },
      handleSignal(input, next) {
        received('signal received', { signal: input.signalName }, input.headers);
        return next(input);
      },
    },
  ],
  outbound: [
    {
      scheduleActivity: (input, next) => next(withRequestId(input)),
      scheduleLocalActivity: (input, next) => next(withRequestId(input)),
      getLogAttributes: (input, next) => next(current ? { ...input, requestId: current } : input),
    },
  ],
});
