// One access-log line and one latency observation per answered request. The route is the pattern
// that matched (`/api/v1/tickets/:id`), never the path: ticket ids would make a metric series per
// ticket, and a path or query string may carry what a citizen typed. Requests no route took are
// `unmatched`.
import type { Request, RequestHandler } from 'express';
import { log } from '../platform/log';
import type { ApiMetrics } from './metrics';

/** The route pattern a request was answered by, with its router's mount path. */
export function routeLabel(req: Pick<Request, 'baseUrl' | 'route'>): string {
  const path = (req.route as { path?: unknown } | undefined)?.path;
  if (path === undefined) return 'unmatched';
  return `${req.baseUrl ?? ''}${Array.isArray(path) ? path.join('|') : String(path)}` || '/';
}

export function observeRequests(metrics?: ApiMetrics): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.once('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const route = routeLabel(req);
      metrics?.observeRequest({ method: req.method, route, status: res.statusCode }, seconds);
      const line = {
        requestId: res.locals.requestId as string | undefined,
        method: req.method,
        route,
        status: res.statusCode,
        ms: Math.round(seconds * 1000),
      };
      if (res.statusCode >= 500) log('api').warn(line, 'request failed');
      else log('api').info(line, 'request');
    });
    next();
  };
}
