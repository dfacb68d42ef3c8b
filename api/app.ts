// The HTTP API (express). Routes for ticket actions are generated from the action table.
import express, { Express } from 'express';
import type { Client } from '@temporalio/client';
import type { Catalog } from '../domain/catalog';

export interface ApiDeps {
  client: Client;
  namespace: string;
  taskQueue: string;
  catalog: () => Catalog;
}

export function createApp(deps: ApiDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(express.json({ limit: '256kb' }));

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  app.get('/readyz', async (_req, res) => {
    try {
      await deps.client.connection.workflowService.getSystemInfo({}, );
      res.json({ status: 'ready', temporal: 'reachable' });
    } catch (err) {
      res.status(503).json({ error: { code: 'temporal_unavailable', message: `Temporal 不可达：${(err as Error).message}` } });
    }
  });

  return app;
}
