// Restart: the Temporal server is stopped and started again on the same state while tickets are
// in flight — once gracefully (SIGTERM), once killed (SIGKILL) — on each server of
// support/servers.ts: the dev server on its SQLite file (one worker in this process), and the real
// server on PostgreSQL (two worker processes on the task queue). Every open ticket is still there,
// every timer still fires (after its deadline, once), tickets in the middle of their lives finish,
// and the mail of the timers arrives once. The workers and the clients stay up and reconnect.
import fs from 'node:fs';
import type { WorkflowHandle } from '@temporalio/client';
import { senderDomain } from '../../activities/mail';
import { ActionName, defaultRules, TicketRules, TicketState } from '../../domain/ticket';
import { actionUpdates, stateQuery } from '../../workflows/messages';
import { LoopbackSmtp } from '../setup/smtp';
import { dispatcher, followUpAgent, handlerOf, leaderOf, reviewerOf, startTicket, testActivities, ticketId, ticketInput } from '../setup/temporal';
import { connect, Connected, runWorker, sleep, tempDir, until } from './support/harness';
import { serverKinds, startWorkerProcess } from './support/servers';

const TASK_QUEUE = 'rel-restart';
const LEAD = 'LJ-JB-HOUSING';
const DOMAIN = senderDomain('hotline@test.example');
const replyInput = { content: '已现场核实并处理完毕。', handlerName: '李承办', handlerPhone: '0431-88886666', solved: true };

describe.each(serverKinds)('reliability: Temporal server restart on the same state, $name', ({ kind, make }) => {
  const dir = tempDir(`restart-${kind}`);
  const server = make(dir);
  const smtp = new LoopbackSmtp();
  let temporal: Connected;
  let workers: { stop(): Promise<void> }[] = [];

  beforeAll(async () => {
    await server.start();
    await smtp.start();
    temporal = await connect(server.address);
    if (kind === 'sqlite') workers = [await runWorker(temporal.native, TASK_QUEUE, testActivities(smtp.url))];
    else {
      const databaseUrl = await server.createDatabase!('restart_ledger');
      const o = { address: server.address, taskQueue: TASK_QUEUE, dir, smtpUrl: smtp.url, databaseUrl };
      workers = await Promise.all([startWorkerProcess(o, 'worker0'), startWorkerProcess(o, 'worker1')]);
    }
  });
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    await temporal?.close();
    await smtp.stop();
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const act = <A extends ActionName>(h: WorkflowHandle, action: A, actor: unknown, input: unknown): Promise<TicketState> =>
    h.executeUpdate(actionUpdates[action] as never, { args: [{ actor, input }] as never });
  const state = (h: WorkflowHandle) => h.query(stateQuery);
  const rulesWith = (over: Partial<TicketRules>): TicketRules => ({ ...defaultRules, ...over });

  async function round(mode: 'graceful' | 'kill') {
    const tag = mode === 'kill' ? 'K' : 'G';
    // Urgent tickets whose reply deadline passes while the server is down (6 s) or after it is back (20 s).
    const during = rulesWith({ urgentReplyHours: 6 / 3600 });
    const after = rulesWith({ urgentReplyHours: 20 / 3600 });
    const urgentDuring = await Promise.all(
      Array.from({ length: 10 }, () =>
        startTicket(temporal.client, TASK_QUEUE, ticketInput(ticketId(`R${tag}D`), undefined, { urgent: true }, during)),
      ),
    );
    const urgentAfter = await Promise.all(
      Array.from({ length: 10 }, () =>
        startTicket(temporal.client, TASK_QUEUE, ticketInput(ticketId(`R${tag}A`), undefined, { urgent: true }, after)),
      ),
    );
    // Direct-dispatch matters nobody dispatches: the system does at the deadline (here 15 s).
    const direct = await Promise.all(
      Array.from({ length: 10 }, () =>
        startTicket(
          temporal.client,
          TASK_QUEUE,
          ticketInput(ticketId(`R${tag}X`), undefined, { category: 'WATER_OUTAGE' }, rulesWith({ directDispatchMinutes: 0.25 })),
        ),
      ),
    );
    // Tickets in the middle of their lives: dispatched and signed now, finished after the restart.
    const midway = await Promise.all(
      Array.from({ length: 10 }, () => startTicket(temporal.client, TASK_QUEUE, ticketInput(ticketId(`R${tag}M`), undefined))),
    );
    await Promise.all([...urgentDuring, ...urgentAfter].map((h) => act(h, 'dispatch', dispatcher, { unit: LEAD })));
    await Promise.all(
      midway.map(async (h) => {
        await act(h, 'dispatch', dispatcher, { unit: LEAD });
        await act(h, 'sign', handlerOf(LEAD), {});
      }),
    );
    const open = [...urgentDuring, ...urgentAfter, ...direct, ...midway];

    await server.stop(mode === 'kill');
    await sleep(4_000); // down long enough for the first deadlines to pass
    await server.start();

    // Every ticket is still there, still running.
    for (const h of open)
      expect(
        await until(
          () => h.describe().then((d) => d.status.name),
          (s) => s === 'RUNNING',
          30_000,
        ),
      ).toBe('RUNNING');

    // Tickets in the middle of their lives take their next actions and finish.
    await Promise.all(
      midway.map(async (h) => {
        await act(h, 'contact', handlerOf(LEAD), { stage: 'first', method: 'phone' });
        await act(h, 'contact', handlerOf(LEAD), { stage: 'final', method: 'phone' });
        await act(h, 'reply', handlerOf(LEAD), replyInput);
        await act(h, 'reviewReply', reviewerOf(LEAD), {});
        await act(h, 'approveReply', leaderOf(LEAD), {});
        await act(h, 'followUp', followUpAgent, { satisfaction: 'satisfied', resolved: true });
      }),
    );
    for (const h of midway) expect((await h.result()).status).toBe('closed');

    // Every timer fires, after its deadline, exactly once.
    for (const h of [...urgentDuring, ...urgentAfter]) {
      const s = await until(
        () => state(h),
        (x) => x.flags.overdue,
        60_000,
      );
      const fired = s.history.filter((e) => e.action === 'replyOverdue');
      expect([h.workflowId, fired.length]).toEqual([h.workflowId, 1]);
      expect(fired[0].via).toBe('timer');
      expect(Date.parse(fired[0].at)).toBeGreaterThanOrEqual(Date.parse(s.deadlines.replyBy!));
    }
    for (const h of direct) {
      const s = await until(
        () => state(h),
        (x) => x.status === 'dispatched',
        60_000,
      );
      const fired = s.history.filter((e) => e.action === 'directDispatch');
      expect([h.workflowId, s.status, fired.length]).toEqual([h.workflowId, 'dispatched', 1]);
      expect(s.leadUnit).toBe('LJ-WATER');
      expect(Date.parse(fired[0].at)).toBeGreaterThanOrEqual(Date.parse(s.registeredAt) + 15_000);
    }

    // Their mail arrives, once each: the breach to the unit and the supervision desk, the direct dispatch.
    const expectMail = (h: WorkflowHandle, event: string, recipient: string) => (ids: string[]) =>
      ids.filter((id) => id.startsWith(`<${h.workflowId}.${event}.`) && id.endsWith(`.${recipient}@${DOMAIN}>`)).length;
    const checks = [
      ...[...urgentDuring, ...urgentAfter].flatMap((h) => [expectMail(h, 'escalation', LEAD), expectMail(h, 'escalation', 'supervision')]),
      ...direct.map((h) => expectMail(h, 'direct_dispatched', 'LJ-WATER')),
    ];
    const ids = await until(
      async () => smtp.received.map((m) => m.messageId),
      (all) => checks.every((c) => c(all) >= 1),
      60_000,
      500,
    );
    await sleep(2_000);
    const final = smtp.received.map((m) => m.messageId);
    expect(checks.map((c) => c(final))).toEqual(checks.map(() => 1));
    expect(new Set(final).size).toBe(final.length);
    expect(ids.length).toBeGreaterThan(0);
  }

  test('graceful stop and start mid-flight: every ticket and timer is still there and fires', () => round('graceful'));
  test('kill -9 and start mid-flight: every ticket and timer is still there and fires', () => round('kill'));
});
