// Activities' log lines carry the request id their workflow passed in the activity's headers
// (workflows/request-id-interceptors.ts), so one id leads from the API's access log to the mail
// sent and the ledger row written for that request.
import type { ActivityInterceptorsFactory } from '@temporalio/worker';
import { requestIdOf } from '../workflows/request-id';

export const requestIdActivityInterceptors: ActivityInterceptorsFactory = () => {
  let requestId: string | undefined;
  return {
    inbound: {
      execute(input, next) {
        requestId = requestIdOf(input.headers);
        return next(input);
      },
    },
    outbound: {
      getLogAttributes: (input, next) => next(requestId ? { ...input, requestId } : input),
    },
  };
};
