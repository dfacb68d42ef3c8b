// GeoReport v2 errors: a list of { code, description } with the HTTP status as code, in the
// format the client asked for (JSON when it asked for none we know).
import type { ErrorRequestHandler, Request, Response } from 'express';
import { ApiError } from '../errors';
import { contentType, Format, parseFormat, render } from './format';

export class Open311Error extends Error {
  constructor(
    readonly status: 400 | 403 | 404 | 429 | 500 | 503,
    readonly description: string,
  ) {
    super(description);
  }
}

export function sendErrors(res: Response, format: Format, status: number, descriptions: string[]): void {
  const list = descriptions.map((description) => ({ code: status, description }));
  res
    .status(status)
    .type(contentType(format))
    .send(render(format, 'errors', list));
}

/** The format of the path (services.xml → xml); JSON for anything else. */
export function formatOfPath(req: Request): Format {
  const m = /\.(json|xml)$/.exec(req.path);
  return parseFormat(m?.[1]) ?? 'json';
}

/** Every failure under /open311/v2 as the spec's error list; nothing internal leaks. */
export const open311ErrorHandler: ErrorRequestHandler = (err, req, res, _next) => {
  const format = formatOfPath(req);
  if (err instanceof Open311Error) return sendErrors(res, format, err.status, [err.description]);
  if (err instanceof ApiError && err.status < 500) return sendErrors(res, format, err.status === 401 ? 403 : err.status, [err.message]);
  if (err instanceof ApiError && (err.code === 'temporal_unavailable' || err.code === 'ledger_unavailable')) {
    return sendErrors(res, format, 503, ['服务暂时不可用，请稍后重试']);
  }
  const status = typeof (err as { status?: unknown })?.status === 'number' ? (err as { status: number }).status : 500;
  if (status >= 400 && status < 500) return sendErrors(res, format, status, ['请求无法解析']);
  console.error('[open311]', err);
  sendErrors(res, format, 500, ['内部错误']);
};
