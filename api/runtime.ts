// The API process's wiring from configuration.
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { Client, Connection } from '@temporalio/client';
import { loadCatalog } from '../config/catalog-source';
import type { Env } from '../config/env';
import { temporalTarget } from '../platform/temporal-connection';
import { createApp } from './app';

export async function startApi(env: Env, address?: string): Promise<{ url: string; close(): Promise<void> }> {
  const target = temporalTarget(env, address);
  const connection = await Connection.connect(target);
  const client = new Client({ connection, namespace: target.namespace });
  const catalog = loadCatalog(env.HOTLINE_CATALOG); // fail at start, not on the first request
  const app = createApp({ client, namespace: target.namespace, taskQueue: env.TEMPORAL_TASK_QUEUE, catalog: () => catalog });
  const server = http.createServer(app);
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(env.PORT, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await connection.close();
    },
  };
}
