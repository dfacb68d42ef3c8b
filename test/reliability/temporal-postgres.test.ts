// The real Temporal server (built from source, platform/temporal-server.ts) on PostgreSQL with four
// history shards, as production runs it: a ticket taken through its first steps by two workers on one
// task queue, then the server restarted on the same databases and the ticket still there.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { freePort } from '../../platform/dev-server';
import { ensureTemporalCli } from '../../platform/temporal-cli';
import { startTemporalOnPostgres, TemporalOnPostgres } from '../../platform/temporal-postgres';
import { ensureTemporalServer, TemporalServerBuild } from '../../platform/temporal-server';
import { ensureSearchAttributes } from '../../worker/search-attributes';
import { act, state } from '../setup/drive';
import { startPostgres, TestPostgres } from '../setup/postgres';
import { LoopbackSmtp } from '../setup/smtp';
import { dispatcher, handlerOf, quietRuntime, startTicket, startWorker, testActivities, ticketId, ticketInput } from '../setup/temporal';

const UNIT = 'LJ-JB-HOUSING';
const TASK_QUEUE = 'pg-shards';

describe('Temporal on PostgreSQL (4 history shards), two workers', () => {
  let pg: TestPostgres;
  let build: TemporalServerBuild;
  let cli: string;
  let server: TemporalOnPostgres | undefined;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hotline-temporal-pg-'));
  const smtp = new LoopbackSmtp();

  beforeAll(
    async () => {
      quietRuntime();
      build = await ensureTemporalServer((m) => console.log(`[temporal-postgres] ${m}`));
      cli = await ensureTemporalCli(() => undefined);
      pg = await startPostgres({ maxConnections: 100 });
      await smtp.start();
    },
    60 * 60 * 1000,
  );
  afterAll(async () => {
    await server?.stop();
    await smtp.stop();
    await pg?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  let port: number;
  const start = () => startTemporalOnPostgres({ build, cli, postgres: { host: '127.0.0.1', port: pg.port, user: 'postgres' }, dir, shards: 4, port });

  test('a ticket across two workers survives a server restart', async () => {
    port = await freePort();
    server = await start();
    const connection = await Connection.connect({ address: server.address });
    const client = new Client({ connection });
    await ensureSearchAttributes(connection, 'default');
    const natives = await Promise.all([NativeConnection.connect({ address: server.address }), NativeConnection.connect({ address: server.address })]);
    const workers: Worker[] = await Promise.all(natives.map((n) => startWorker(n, TASK_QUEUE, testActivities(smtp.url))));
    const running = workers.map((w) => w.run());
    try {
      const h = await startTicket(client, TASK_QUEUE, ticketInput(ticketId('PG'), undefined));
      await act(h, 'dispatch', dispatcher, { unit: UNIT });
      await act(h, 'sign', handlerOf(UNIT), {});
      expect((await state(h)).status).toBe('handling');

      await server.stop();
      server = await start();
      await act(h, 'contact', handlerOf(UNIT), { stage: 'first', method: 'phone' });
      expect((await state(h)).contacts).toHaveLength(1);
    } finally {
      for (const w of workers) w.shutdown();
      await Promise.allSettled(running);
      await Promise.all(natives.map((n) => n.close()));
      await connection.close();
    }
  });
});
