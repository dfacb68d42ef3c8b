// Health, readiness, the OpenAPI document and the docs page: no token needed.
import { Router } from 'express';
import type { ApiContext } from '../context';
import { renderDocsPage } from '../docs-page';
import { ApiError } from '../errors';
import { openApiDocument } from '../openapi';

export function metaRoutes(ctx: ApiContext): Router {
  const r = Router();
  r.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  r.get('/readyz', async (_req, res) => {
    try {
      await ctx.store.ping();
    } catch (err) {
      throw err instanceof ApiError ? err : new ApiError('temporal_unavailable', 'Temporal 不可达');
    }
    res.json({ status: 'ready', temporal: 'reachable' });
  });
  r.get('/openapi.json', (_req, res) => {
    res.json(openApiDocument());
  });
  r.get('/docs', (_req, res) => {
    res.type('html').send(renderDocsPage(openApiDocument()));
  });
  return r;
}
