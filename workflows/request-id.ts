// The API request's id in Temporal headers: the API's client sets it on the ticket's start, on each
// update and signal (api/temporal-request-id.ts); the workflow's log lines carry it
// (workflows/request-id-interceptors.ts), and so do its activities' (worker/request-id-activity.ts).
// Pure: shared by workflow code, the worker and the API.
import { defaultPayloadConverter, type Payload } from '@temporalio/common';

export const REQUEST_ID_HEADER_KEY = 'hotline-request-id';

/** As the API accepts it (api/request-id.ts): anything else in the header is ignored. */
const WELL_FORMED = /^[A-Za-z0-9._:-]{1,64}$/;

export const requestIdPayload = (id: string): Payload => defaultPayloadConverter.toPayload(id);

/** The request id a header map carries, if one well-formed is there. */
export function requestIdOf(headers: Record<string, Payload> | null | undefined): string | undefined {
  const payload = headers?.[REQUEST_ID_HEADER_KEY];
  if (!payload) return undefined;
  try {
    const id: unknown = defaultPayloadConverter.fromPayload(payload);
    return typeof id === 'string' && WELL_FORMED.test(id) ? id : undefined;
  } catch {
    return undefined;
  }
}
