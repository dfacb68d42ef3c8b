// Crash: the worker — its own OS process, `node dist/worker/main.js` as `npm run worker` runs it —
// is killed with SIGKILL at random moments while M tickets (default 200) go through their whole
// lives, and started again each time; on each server of support/servers.ts (on PostgreSQL one of
// two workers is killed each time, the other serving on). Every ticket completes, closed; no audit trail (the
// workflow's, nor the ledger's in PostgreSQL) shows a transition twice; Temporal accepted each
// action once. The drivers retry an unanswered action with the same update id, as any careful
// client would; Temporal deduplicates those, so a duplicate in a trail would be the engine's fault.
import fs from 'node:fs';
import type { WorkflowHandle } from '@temporalio/client';
import { WorkflowIdConflictPolicy } from '@temporalio/common';
import { temporal as proto } from '@temporalio/proto';
import { Client as PgClient } from 'pg';
import type { CompiledChild } from '../../bench/lib/child';
import type { ActionName, Actor, TicketState } from '../../domain/ticket';
import { actionUpdates, REJECTION_TYPE, WORKFLOW_TYPE } from '../../workflows/messages';
import { startPostgres, TestPostgres } from '../setup/postgres';
import { LoopbackSmtp } from '../setup/smtp';
import { dispatcher, followUpAgent, handlerOf, leaderOf, reviewerOf, ticketInput } from '../setup/temporal';
import { connect, Connected, sleep, tempDir } from './support/harness';
import { serverKinds, startWorkerProcess } from './support/servers';

const M = Number(process.env.RELIABILITY_CRASH_TICKETS ?? 200);
const KILLS = Number(process.env.RELIABILITY_CRASH_KILLS ?? 5);
const DRIVERS = 20;
const TASK_QUEUE = 'rel-crash';
const LEAD = 'LJ-JB-HOUSING';
const replyInput = { content: '已现场核实并处理完毕。', handlerName: '李承办', handlerPhone: '0431-88886666', solved: true };

const steps: [ActionName, Actor, unknown][] = [
  ['dispatch', dispatcher, { unit: LEAD }],
  ['sign', handlerOf(LEAD), {}],
  ['contact', handlerOf(LEAD), { stage: 'first', method: 'phone' }],
  ['contact', handlerOf(LEAD), { stage: 'final', method: 'phone' }],
  ['reply', handlerOf(LEAD), replyInput],
  ['reviewReply', reviewerOf(LEAD), {}],
  ['approveReply', leaderOf(LEAD), {}],
  ['followUp', followUpAgent, { satisfaction: 'satisfied', resolved: true }],
];
const expectedTrail = ['register', ...steps.map(([a]) => a)];
const EventType = proto.api.enums.v1.EventType;

const isRejection = (err: unknown) => (err as { cause?: { type?: string } })?.cause?.type === REJECTION_TYPE;
const rand = (min: number, max: number) => min + Math.random() * (max - min);

describe.each(serverKinds)('reliability: worker killed (SIGKILL) at random points, $name', ({ kind, make, workers: W }) => {
  const dir = tempDir(`crash-${kind}`);
  const server = make(dir);
  const smtp = new LoopbackSmtp();
  let pg: TestPostgres;
  let databaseUrl: string;
  let temporal: Connected;
  const workers: (CompiledChild | undefined)[] = [];
  const startWorker = async (w: number) => {
    workers[w] = await startWorkerProcess({ address: server.address, taskQueue: TASK_QUEUE, dir, smtpUrl: smtp.url, databaseUrl }, `worker${w}`);
  };

  beforeAll(async () => {
    pg = await startPostgres();
    databaseUrl = await pg.createDatabase('crash_ledger');
    await server.start();
    await smtp.start();
    temporal = await connect(server.address);
    for (let w = 0; w < W; w++) await startWorker(w);
  });
  afterAll(async () => {
    await Promise.all(workers.map((w) => w?.kill()));
    await temporal?.close();
    await smtp.stop();
    await server.close();
    await pg?.stop();
    if (!process.env.RELIABILITY_KEEP) fs.rmSync(dir, { recursive: true, force: true });
  });

  /** One action, retried with the same update id until Temporal answers (Temporal applies it once). */
  async function step(h: WorkflowHandle, n: number): Promise<TicketState | undefined> {
    const [action, actor, input] = steps[n];
    const updateId = `${h.workflowId}/${n}-${action}`;
    for (let attempt = 1; ; attempt++) {
      try {
        return await temporal.client.withDeadline(Date.now() + 20_000, () =>
          h.executeUpdate(actionUpdates[action] as never, { updateId, args: [{ actor, input }] as never }),
        );
      } catch (err) {
        if (isRejection(err)) throw new Error(`${h.workflowId}: ${action} rejected: ${(err as { cause: Error }).cause.message}`, { cause: err });
        // The last action closes the ticket: once the workflow has completed, its answer is the result.
        const done = await h
          .describe()
          .then((d) => d.status.name === 'COMPLETED')
          .catch(() => false);
        if (done && n === steps.length - 1) return undefined;
        if (attempt > 60) throw err;
        await sleep(500);
      }
    }
  }

  async function lifecycle(i: number): Promise<void> {
    const input = ticketInput(`CRASH-${i}`, undefined);
    const h = await temporal.client.workflow.start(WORKFLOW_TYPE, {
      taskQueue: TASK_QUEUE,
      workflowId: input.id,
      args: [input],
      workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
    });
    for (let n = 0; n < steps.length; n++) await step(h, n);
  }

  test(`${M} lifecycles while the worker is killed ${KILLS} times: all complete, nothing twice`, async () => {
    const t0 = Date.now();
    let next = 0;
    let done = 0;
    const failures: string[] = [];
    const drivers = Promise.all(
      Array.from({ length: DRIVERS }, async () => {
        for (let i = next++; i < M; i = next++) {
          await lifecycle(i).catch((err: Error) => failures.push(err.message));
          done += 1;
        }
      }),
    );
    let finished = false;
    void drivers.finally(() => (finished = true));

    // The killer: SIGKILL after 2–6 s of the worker serving, back 0.5–2 s later; the last start stays.
    const kills: { atS: number; worker: number; ticketsDone: number }[] = [];
    while (!finished && kills.length < KILLS) {
      await sleep(rand(2_000, 6_000));
      if (finished) break;
      const w = Math.floor(Math.random() * W);
      await workers[w]!.kill();
      kills.push({ atS: Math.round((Date.now() - t0) / 100) / 10, worker: w, ticketsDone: done });
      await sleep(rand(500, 2_000));
      await startWorker(w);
    }
    await drivers;
    const seconds = Math.round((Date.now() - t0) / 1000);
    console.log(`[crash ${kind}] ${M} lifecycles in ${seconds} s; SIGKILLs at ${JSON.stringify(kills)}`);
    expect(failures).toEqual([]);
    expect(kills.length).toBeGreaterThanOrEqual(Math.min(KILLS, 3));
    expect(kills.some((k) => k.ticketsDone < M)).toBe(true);

    // Every ticket completed, closed, with each transition once in its trail; Temporal accepted each update once.
    const ids = Array.from({ length: M }, (_, i) => `CRASH-${i}`);
    const problems: string[] = [];
    let index = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let i = index++; i < ids.length; i = index++) {
          const h = temporal.client.workflow.getHandle(ids[i]);
          const result: TicketState = await h.result();
          const trail = result.history.map((e) => e.action);
          if (result.status !== 'closed') problems.push(`${ids[i]}: ended ${result.status}`);
          if (JSON.stringify(trail) !== JSON.stringify(expectedTrail)) problems.push(`${ids[i]}: trail ${trail.join(',')}`);
          if (result.history.some((e, k) => e.seq !== k + 1)) problems.push(`${ids[i]}: seq ${result.history.map((e) => e.seq).join(',')}`);
          const history = await h.fetchHistory();
          const accepted = (history.events ?? []).filter((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED);
          const updateIds = accepted.map((e) => e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.meta?.updateId);
          if (accepted.length !== steps.length || new Set(updateIds).size !== steps.length)
            problems.push(`${ids[i]}: updates accepted ${updateIds.join(',')}`);
        }
      }),
    );
    expect(problems).toEqual([]);

    // The ledger (PostgreSQL) holds each ticket's trail once, in order, and its closed summary.
    const db = new PgClient({ connectionString: databaseUrl });
    await db.connect();
    try {
      const events = await db.query<{ ticket_id: string; actions: string[] }>(
        `SELECT ticket_id, array_agg(action ORDER BY seq) AS actions FROM ticket_events WHERE ticket_id LIKE 'CRASH-%' GROUP BY ticket_id`,
      );
      expect(events.rows).toHaveLength(M);
      const wrong = events.rows.filter((r) => JSON.stringify(r.actions) !== JSON.stringify(expectedTrail)).map((r) => `${r.ticket_id}: ${r.actions}`);
      expect(wrong).toEqual([]);
      const closed = await db.query<{ n: string }>(`SELECT count(*) AS n FROM ticket_summaries WHERE id LIKE 'CRASH-%' AND status = 'closed'`);
      expect(Number(closed.rows[0].n)).toBe(M);
    } finally {
      await db.end();
    }

    // Mail is delivered at least once per ticket; a send whose worker died before reporting it is
    // sent again with the same Message-ID (receivers that dedupe by Message-ID show it once).
    const dispatchMail = smtp.received.filter((m) => /<CRASH-\d+\.dispatched\./.test(m.messageId));
    const perTicket = new Set(dispatchMail.map((m) => m.messageId));
    expect(perTicket.size).toBe(M);
    console.log(
      `[crash ${kind}] dispatch mails: ${dispatchMail.length} received for ${M} tickets (${dispatchMail.length - perTicket.size} resent after a kill)`,
    );
  });
});
