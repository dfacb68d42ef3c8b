// `npm start`'s codec endpoint for the dev server's Web UI: the codec server of api/routes/codec.ts
// on 127.0.0.1 only, where the caller is the machine's own administrator. The embedded layout's Web
// UI has no sign-in either: whoever reaches it on this machine is already its admin. Production
// serves /codec on the API with bearer tokens instead (docs/ENCRYPTION.md).
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { PayloadCodec } from '@temporalio/common';
import type { Actor } from '../domain/ticket';
import type { Queryable } from '../ledger/db';
import { errorHandler, unknownRoute } from './errors';
import { createHttpServer } from './http-server';
import { codecRoutes } from './routes/codec';

export const LOCAL_ADMIN: Actor = { id: 'local-admin', name: '本机管理员（Temporal Web UI）', role: 'admin' };

export async function startLoopbackCodec(o: {
  codec: PayloadCodec;
  ledger?: Queryable;
  port: number;
  uiOrigins: readonly string[];
}): Promise<{ url: string; close(): Promise<void> }> {
  const app = express();
  app.disable('x-powered-by');
  app.use(
    codecRoutes({ codec: o.codec, corsOrigins: o.uiOrigins, identify: async () => LOCAL_ADMIN, ledger: () => o.ledger, now: () => new Date() }),
  );
  app.use(unknownRoute, errorHandler);
  const server = createHttpServer(app, {});
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(o.port, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
