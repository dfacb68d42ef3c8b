// Open311 GeoReport v2 under /open311/v2 (http://wiki.open311.org/GeoReport_v2): discovery, services,
// requests and tokens, in JSON and XML, with the spec's error lists.
import { Router } from 'express';
import type { ApiContext } from '../context';
import { discoveryRoutes } from './discovery';
import { open311ErrorHandler, sendErrors, formatOfPath } from './errors';
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
  r.use(discoveryRoutes(opts.publicUrl), serviceRoutes(ctx), requestReadRoutes(ctx), requestPostRoutes(ctx, opts.postsPerMinute));
  r.use('/open311', (req, res) => sendErrors(res, formatOfPath(req), 404, [`没有这个资源：${req.method} ${req.path.slice(0, 100)}`]));
  r.use('/open311', open311ErrorHandler);
  return r;
}
