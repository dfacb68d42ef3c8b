// Open311 GeoReport v2 under /open311/v2 (http://wiki.open311.org/GeoReport_v2): discovery, services,
// requests and tokens, in JSON and XML, with the spec's error lists.
import { Router } from 'express';
import type { ApiContext } from '../context';
import { discoveryRoutes } from './discovery';
import { formatOfPath, Open311Error, open311ErrorHandler, sendErrors } from './errors';
import { requestPostRoutes } from './post-route';
import { requestReadRoutes } from './requests';
import { serviceRoutes } from './services';

export interface Open311Options {
  /** HOTLINE_PUBLIC_URL: the endpoint's address in discovery (else the request's own host). */
  publicUrl?: string;
  /** HOTLINE_OPEN311_RATE_PER_MINUTE: POST requests per api_key and minute. */
  postsPerMinute: number;
}

export function open311Routes(ctx: ApiContext, opts: Open311Options): Router {
  const r = Router();
  // jurisdiction_id is optional; when given it must be ours (the catalog's city), as the spec says.
  r.use('/open311/v2', (req, _res, next) => {
    const j = (req.query as Record<string, unknown>).jurisdiction_id;
    const city = ctx.catalog().city.code;
    next(j === undefined || j === city ? undefined : new Open311Error(404, `jurisdiction_id ${String(j).slice(0, 64)} 不存在（本平台为 ${city}）`));
  });
  r.use(discoveryRoutes(opts.publicUrl), serviceRoutes(ctx), requestReadRoutes(ctx), requestPostRoutes(ctx, opts.postsPerMinute));
  r.use('/open311', (req, res) => sendErrors(res, formatOfPath(req), 404, [`没有这个资源：${req.method} ${req.path.slice(0, 100)}`]));
  r.use('/open311', open311ErrorHandler);
  return r;
}
