// The ledger database down while tickets are handled (a real PostgreSQL that refuses connections
// to the ledger's database, then takes them again): every action is still answered, the writes the
// local activity could not make go to the retrying activity, and once the database is back the
// ledger has the whole story. A ledger outage must never hold a ticket up.
import { Client as PgClient } from 'pg';
import type { Client } from '@temporalio/client';
import type { LedgerDb } from '../../ledger/db';
import { openLedger } from '../../ledger/open';
import { readEvents } from '../../ledger/read';
import { act, replyInput, signOff, state, trailToFollowUp } from '../setup/drive';
import { startPostgres, TestPostgres } from '../setup/postgres';
import { LoopbackSmtp } from '../setup/smtp';
import { devServerWorker, dispatcher, eventually, handlerOf, startTicket, testActivities, ticketId, ticketInput } from '../setup/temporal';

const UNIT = 'LJ-JB-HOUSING';

describe('ledger outage', () => {
  let pg: TestPostgres;
  let ledger: LedgerDb;
  let client: Client;
  let stop: () => Promise<void>;
  const smtp = new LoopbackSmtp();
  const taskQueue = `ledger-outage-${process.pid}`;

  /** As the server's superuser: let the ledger's database take connections, or refuse them all. */
  const connections = async (allowed: boolean) => {
    const admin = new PgClient({ connectionString: pg.url });
    await admin.connect();
    try {
      await admin.query(`ALTER DATABASE ledger WITH ALLOW_CONNECTIONS ${allowed}`);
      if (!allowed) await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = 'ledger'`);
    } finally {
      await admin.end();
    }
  };

  beforeAll(async () => {
    pg = await startPostgres();
    ledger = await openLedger({ databaseUrl: await pg.createDatabase('ledger'), dataDir: '/nonexistent' });
    await smtp.start();
    ({ client, stop } = await devServerWorker(taskQueue, testActivities(smtp.url, {}, Promise.resolve(ledger))));
  });
  afterAll(async () => {
    await stop?.();
    await smtp.stop();
    await ledger?.close();
    await pg?.stop();
  });

  test('actions go on while the database refuses connections; the ledger catches up when it is back', async () => {
    const h = await startTicket(client, taskQueue, ticketInput(ticketId('LO'), new Date()));
    await act(h, 'dispatch', dispatcher, { unit: UNIT });
    const before = await eventually(
      () => readEvents(ledger, h.workflowId),
      (e) => e.length === 2,
      15_000,
    );
    expect(before.map((e) => e.action)).toEqual(['register', 'dispatch']);

    await connections(false);
    await expect(readEvents(ledger, h.workflowId)).rejects.toThrow(/not currently accepting connections/);
    // Every action is answered with the new state though no write reaches the ledger.
    await act(h, 'sign', handlerOf(UNIT), {});
    await act(h, 'contact', handlerOf(UNIT), { stage: 'first', method: 'phone' });
    await act(h, 'contact', handlerOf(UNIT), { stage: 'final', method: 'phone' });
    await act(h, 'reply', handlerOf(UNIT), replyInput);
    const replied = await signOff(h, UNIT);
    expect(replied.status).toBe('follow_up');
    expect((await state(h)).history.map((e) => e.action)).toEqual(trailToFollowUp);
    // The failed local writes were handed to the activity, which keeps retrying.
    const scheduled = (await h.fetchHistory()).events!.filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'recordLedger');
    expect(scheduled.length).toBeGreaterThan(0);

    await connections(true);
    const after = await eventually(
      () => readEvents(ledger, h.workflowId).catch(() => []),
      (e) => e.length === 8,
      60_000,
    );
    expect(after.map((e) => e.action)).toEqual(trailToFollowUp);
    expect(after.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });
});
