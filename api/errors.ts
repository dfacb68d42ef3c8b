// Every error the API answers, as `{ "error": { "code", "message", "details"? } }`, and the
// mapping from Temporal's failures to HTTP status codes. Nothing a client sends may produce a 500.
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { ApplicationFailure, WorkflowNotFoundError } from '@temporalio/common';
import { WorkflowUpdateFailedError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import type { z } from 'zod';
import { REJECTION_TYPE, RejectionDetails } from '../workflows/messages';
import { FieldIssue, fieldIssues, noSuchTicket, ticketStatuses, TicketStatus } from '../domain/ticket';
import { errorFields, log } from '../platform/log';

export type { FieldIssue };

export type ErrorCode =
  | 'invalid_json'
  | 'validation_failed'
  | 'unauthorized'
  | 'bad_signature'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'idempotency_conflict'
  | 'payload_too_large'
  | 'too_many_requests'
  | 'unsupported_media_type'
  | 'temporal_unavailable'
  | 'not_configured'
  | 'ledger_unavailable'
  | 'internal';

export const httpStatusOf: Record<ErrorCode, number> = {
  invalid_json: 400,
  validation_failed: 400,
  unauthorized: 401,
  bad_signature: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  idempotency_conflict: 409,
  payload_too_large: 413,
  too_many_requests: 429,
  unsupported_media_type: 415,
  temporal_unavailable: 503,
  not_configured: 503,
  ledger_unavailable: 503,
  internal: 500,
};

export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: FieldIssue[] | Record<string, unknown>,
  ) {
    super(message);
  }
  get status(): number {
    return httpStatusOf[this.code];
  }
  toJSON() {
    return { error: { code: this.code, message: this.message, ...(this.details ? { details: this.details } : {}) } };
  }
}

export function validationError(where: string, issues: FieldIssue[]): ApiError {
  const list = issues.map((i) => `${i.path}: ${i.message}`).join('; ');
  return new ApiError('validation_failed', `${where}无效：${list}`, issues);
}

/** Parses `value` with `schema` or throws a 400 naming each field and why. */
export function parseOr400<S extends z.ZodType>(schema: S, value: unknown, where: string): z.infer<S> {
  const r = schema.safeParse(value);
  if (!r.success) throw validationError(where, fieldIssues(r.error));
  return r.data;
}

const statusText = (s: string) => (s in ticketStatuses ? `${s}（${ticketStatuses[s as TicketStatus]}）` : s);

/** A workflow validator's rejection (or the workflow's own conflict) as the HTTP error it means. */
export function rejectionError(failure: ApplicationFailure): ApiError {
  const d = (failure.details?.[0] ?? {}) as Partial<RejectionDetails>;
  const status = d.status ?? 'unknown';
  switch (d.code) {
    case 'invalid':
      return new ApiError('validation_failed', failure.message, d.details ?? [{ path: '(body)', message: failure.message }]);
    case 'not_found':
      return new ApiError('not_found', failure.message);
    case 'forbidden':
      return new ApiError('forbidden', failure.message);
    case 'too_many':
      // A quota used up, not a busy moment: no Retry-After, retrying will not help.
      return new ApiError('too_many_requests', failure.message);
    default: {
      const message = failure.message.includes(status) ? failure.message : `${failure.message}（当前状态：${statusText(status)}）`;
      return new ApiError('conflict', message, { status, statusLabel: ticketStatuses[status as TicketStatus] });
    }
  }
}

// gRPC codes meaning "no answer": our per-call deadline surfaces as CANCELLED or DEADLINE_EXCEEDED.
const CANCELLED = 1;
const UNAVAILABLE = 14;
const DEADLINE_EXCEEDED = 4;
const RESOURCE_EXHAUSTED = 8;

export function grpcCode(err: unknown): number | undefined {
  for (let e = err as { code?: unknown; cause?: unknown } | undefined, i = 0; e && i < 5; e = e.cause as never, i++) {
    if (typeof e.code === 'number') return e.code;
  }
  return undefined;
}

/**
 * Translates anything thrown while talking to Temporal: ApiErrors pass through, update rejections
 * become 400/403/409, a missing workflow 404, an unreachable server or worker 503.
 */
export function fromTemporal(err: unknown, ticketId?: string): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure && err.cause.type === REJECTION_TYPE) {
    return rejectionError(err.cause);
  }
  if (err instanceof WorkflowNotFoundError) return notFound(ticketId ?? err.workflowId);
  if (err instanceof WorkflowUpdateRPCTimeoutOrCancelledError) {
    return new ApiError('temporal_unavailable', 'Temporal 或 worker 未在时限内响应，请稍后重试（操作可能尚未执行）');
  }
  const code = grpcCode(err);
  // Too many updates in flight on one workflow (another API replica's burst): the client retries.
  if (code === RESOURCE_EXHAUSTED) return new ApiError('too_many_requests', '工单正忙，请稍后重试', { retryAfterSeconds: 1 });
  // The client learns what to do, never the internals (gRPC details, hosts, stack lines): the log has them.
  if (code === UNAVAILABLE || code === DEADLINE_EXCEEDED || code === CANCELLED) {
    log('api').warn(errorFields(err), 'Temporal unavailable');
    return new ApiError('temporal_unavailable', 'Temporal 不可达或无响应，请稍后重试');
  }
  // Nothing the client can act on: the log keeps what Temporal said (the answer does not).
  log('api').error(errorFields(err, true), 'unexpected error from Temporal');
  return new ApiError('internal', '内部错误，请稍后重试；如持续出现请联系管理员');
}

/** 409 for any action on a ticket whose life has ended. */
export function endedConflict(t: { status: TicketStatus }): ApiError {
  return new ApiError('conflict', `工单已结束：当前状态为 ${statusText(t.status)}，不能再执行操作`, {
    status: t.status,
    statusLabel: ticketStatuses[t.status],
  });
}

export const notFound = (id: string) => new ApiError('not_found', noSuchTicket(id));

/** A request body must be JSON (an empty body is fine: actions without fields). */
export const requireJsonBody: RequestHandler = (req, _res, next) => {
  if (req.is('json') === false) {
    next(new ApiError('unsupported_media_type', `请求体须为 application/json（收到 ${req.get('content-type') ?? '未知类型'}）`));
  } else next();
};

/** Unknown paths answer JSON too. */
export const unknownRoute: RequestHandler = (req, _res, next) => {
  next(new ApiError('not_found', `没有 ${req.method} ${req.path} 这个接口`));
};

/** The last middleware: body-parser failures, ApiErrors, and anything else (500, logged). */
export const errorHandler: ErrorRequestHandler = (err, _req, res, _next) => {
  let api: ApiError;
  const type = (err as { type?: string }).type;
  if (err instanceof ApiError) api = err;
  else if (type === 'entity.parse.failed') api = new ApiError('invalid_json', `请求体不是合法的 JSON：${(err as Error).message}`);
  else if (type === 'entity.too.large') api = new ApiError('payload_too_large', '请求体过大');
  else if (type === 'encoding.unsupported' || type === 'charset.unsupported') {
    api = new ApiError('unsupported_media_type', (err as Error).message);
  } else if (typeof (err as { status?: unknown }).status === 'number' && (err as { status: number }).status < 500) {
    api = new ApiError('validation_failed', (err as Error).message, [{ path: '(body)', message: (err as Error).message }]);
  } else api = fromTemporal(err);
  if (api.code === 'internal') log('api').error(errorFields(err, true), 'unexpected error');
  if (api.code === 'unauthorized') res.setHeader('WWW-Authenticate', 'Bearer');
  const retryAfter = (api.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
  if (typeof retryAfter === 'number') res.setHeader('Retry-After', String(retryAfter));
  res.status(api.status).json(api.toJSON());
};
