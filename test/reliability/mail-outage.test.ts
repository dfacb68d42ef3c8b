// Mail outage: the SMTP server is down while notifications fire (dispatches, and deadline timers
// that fire during the outage), then comes back: every message is delivered, once each. The
// notification activity retries with backoff (workflows/ticket.ts) and derives each Message-ID from
// (ticket, event, key, recipient), so the retry that gets through sends the same message once.
import fs from 'node:fs';
import { senderDomain } from '../../activities/mail';
import { defaultRules } from '../../domain/ticket';
import { actionUpdates } from '../../workflows/messages';
import { LoopbackSmtp } from '../setup/smtp';
import { dispatcher, startTicket, testActivities, ticketId, ticketInput } from '../setup/temporal';
import { connect, Connected, runWorker, sleep, SqliteDevServer, tempDir, until } from './support/harness';

const TASK_QUEUE = 'rel-mail-outage';
const LEAD = 'LJ-JB-HOUSING';
const CO = ['LJ-JB-URBAN', 'LJ-JB-BJ-OFFICE'];
const URGENT_REPLY_SECONDS = 12;
const OUTAGE_MS = 25_000;
const DOMAIN = senderDomain('hotline@test.example');

describe('reliability: mail outage', () => {
  const dir = tempDir('mail');
  const server = new SqliteDevServer(dir);
  const smtp = new LoopbackSmtp();
  let temporal: Connected;
  let worker: { stop(): Promise<void> };

  beforeAll(async () => {
    await server.start();
    await smtp.start();
    temporal = await connect(server.address);
    worker = await runWorker(temporal.native, TASK_QUEUE, testActivities(smtp.url));
  });
  afterAll(async () => {
    await worker?.stop();
    await temporal?.close();
    await smtp.stop();
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('SMTP down while notifications fire, then up: all delivered, once each', async () => {
    const port = smtp.port;
    // Ten tickets dispatched with two co-units (3 messages each) and ten urgent ones whose reply
    // deadline passes during the outage: dispatched, reply reminder, escalation to unit and desk (4).
    const rules = { ...defaultRules, urgentReplyHours: URGENT_REPLY_SECONDS / 3600 };
    const plain = await Promise.all(
      Array.from({ length: 10 }, () => startTicket(temporal.client, TASK_QUEUE, ticketInput(ticketId('MAILP'), undefined))),
    );
    const urgent = await Promise.all(
      Array.from({ length: 10 }, () => startTicket(temporal.client, TASK_QUEUE, ticketInput(ticketId('MAILU'), undefined, { urgent: true }, rules))),
    );
    const expected = new Map<string, [string, string][]>();
    for (const h of plain)
      expected.set(h.workflowId, [
        ['dispatched', LEAD],
        ['co_dispatched', CO[0]],
        ['co_dispatched', CO[1]],
      ]);
    for (const h of urgent)
      expected.set(h.workflowId, [
        ['dispatched', LEAD],
        ['reply_reminder', LEAD],
        ['escalation', LEAD],
        ['escalation', 'supervision'],
      ]);
    const total = [...expected.values()].reduce((a, l) => a + l.length, 0);

    await smtp.stop(); // the outage begins: connections are refused
    const outageStart = Date.now();
    await Promise.all([
      ...plain.map((h) =>
        h.executeUpdate(actionUpdates.dispatch as never, { args: [{ actor: dispatcher, input: { unit: LEAD, coUnits: CO } }] as never }),
      ),
      ...urgent.map((h) => h.executeUpdate(actionUpdates.dispatch as never, { args: [{ actor: dispatcher, input: { unit: LEAD } }] as never })),
    ]);

    // During the outage the deadlines still pass (timers do not wait for mail) and the sends fail
    // and are retried: the pending notification activities show attempts beyond the first.
    const overdue = await until(
      async () => (await Promise.all(urgent.map((h) => h.query('state')))).filter((s: any) => s.flags.overdue).length,
      (n) => n === urgent.length,
      OUTAGE_MS,
    );
    expect(overdue).toBe(urgent.length);
    const retried = await until(
      async () => {
        const pending = (await Promise.all([...plain, ...urgent].map((h) => h.describe()))).flatMap((d) => d.raw.pendingActivities ?? []);
        return pending.filter((p) => (p.attempt ?? 0) >= 2 && p.lastFailure).length;
      },
      (n) => n > 0,
      OUTAGE_MS,
    );
    expect(retried).toBeGreaterThan(0);
    expect(smtp.received).toHaveLength(0);
    await sleep(Math.max(0, OUTAGE_MS - (Date.now() - outageStart)));

    await smtp.start(port); // back, on the same address
    await until(
      async () => smtp.received.length,
      (n) => n >= total,
      120_000,
      500,
    );
    await sleep(5_000); // late duplicates would arrive now
    const ids = smtp.received.map((m) => m.messageId);
    expect(new Set(ids).size).toBe(ids.length); // no message twice
    for (const [ticket, list] of expected) {
      for (const [event, recipient] of list) {
        const hits = ids.filter((id) => id.startsWith(`<${ticket}.${event}.`) && id.endsWith(`.${recipient}@${DOMAIN}>`));
        expect([ticket, event, recipient, hits.length]).toEqual([ticket, event, recipient, 1]);
      }
    }
    expect(smtp.received).toHaveLength(total);
  });
});
