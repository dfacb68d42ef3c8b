// The request id: the caller's `X-Request-Id` when it is well-formed (a proxy in front sets it, so
// one id runs through the proxy's log and ours), else a fresh one; echoed in the answer, written on
// every log line of the request and carried to the ticket's workflow (workflows/request-id.ts) and
// from there to its activities, so one id finds a citizen's request in every log.
import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import { logContext, withLogContext } from '../platform/log';

export const REQUEST_ID_HEADER = 'X-Request-Id';

/** Letters, digits and `._:-`, 1 to 64 of them: a UUID, a ULID, an nginx $request_id, a trace id. */
export const REQUEST_ID_PATTERN = /^[A-Za-z0-9._:-]{1,64}$/;

/** The id of a request from its header: the caller's when well-formed, else a new UUID. */
export const requestIdFrom = (header: string | undefined): string =>
  header !== undefined && REQUEST_ID_PATTERN.test(header) ? header : randomUUID();

/** The id of the request being served here, if any (the Temporal client's interceptor reads it). */
export const currentRequestId = (): string | undefined => logContext()?.requestId;

export const requestId: RequestHandler = (req, res, next) => {
  const id = requestIdFrom(req.get(REQUEST_ID_HEADER));
  res.locals.requestId = id;
  res.setHeader(REQUEST_ID_HEADER, id);
  withLogContext({ requestId: id }, next);
};
