// The Temporal client's interceptor that puts the id of the request being served
// (api/request-id.ts) in the headers of every start, update and signal it sends, for the
// workflow's and its activities' log lines (workflows/request-id-interceptors.ts).
import type { WorkflowClientInterceptor } from '@temporalio/client';
import type { Payload } from '@temporalio/common';
import { REQUEST_ID_HEADER_KEY, requestIdPayload } from '../workflows/request-id';
import { currentRequestId } from './request-id';

const stamped = (headers: Record<string, Payload>): Record<string, Payload> => {
  const id = currentRequestId();
  return id ? { ...headers, [REQUEST_ID_HEADER_KEY]: requestIdPayload(id) } : headers;
};

export const requestIdClientInterceptor: WorkflowClientInterceptor = {
  startWithDetails: (input, next) => next({ ...input, headers: stamped(input.headers) }),
  startUpdate: (input, next) => next({ ...input, headers: stamped(input.headers) }),
  startUpdateWithStart: (input, next) =>
    next({ ...input, workflowStartHeaders: stamped(input.workflowStartHeaders), updateHeaders: stamped(input.updateHeaders) }),
  signal: (input, next) => next({ ...input, headers: stamped(input.headers) }),
  signalWithStart: (input, next) => next({ ...input, headers: stamped(input.headers) }),
};

/** The client options that carry request ids: `new Client({ …, ...requestIdClientOptions })`. */
export const requestIdClientOptions = { interceptors: { workflow: [requestIdClientInterceptor] } };
