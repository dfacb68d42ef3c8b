// A merge waits for its target to take the requesters (R13) before the ticket may end as merged.
// Whatever commits meanwhile (a signal, a due timer) must survive the merge's own commit. The three
// are made to meet in one workflow task: the worker is away while they arrive.
import type { Client, WorkflowHandle } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import type { Worker } from '@temporalio/worker';
import { defaultRules, TicketState } from '../../domain/ticket';
import { act, state } from '../setup/drive';
import { recordHistory } from '../setup/histories';
import { LoopbackSmtp } from '../setup/smtp';
import { devServer, operator, startTicket, readyTestActivities, startWorker, ticketId, ticketInput } from '../setup/temporal';
import { actionSignals } from '../../workflows/messages';

const EventType = temporal.api.enums.v1.EventType;

async function untilEvent(h: WorkflowHandle, type: temporal.api.enums.v1.EventType, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await h.fetchHistory()).events?.some((e) => e.eventType === type)) {
    if (Date.now() > deadline) throw new Error(`no ${EventType[type]} in ${h.workflowId}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('a merge racing a signal and a due timer (dev server)', () => {
  const smtp = new LoopbackSmtp();
  const taskQueue = `race-${process.pid}`;
  let server: Awaited<ReturnType<typeof devServer>>;
  let client: Client;
  const running: { worker: Worker; done: Promise<void> }[] = [];
  const runWorker = async () => {
    const worker = await startWorker(server.connection, taskQueue, await readyTestActivities(smtp.url));
    const w = { worker, done: worker.run() };
    running.push(w);
    return w;
  };
  const stopWorker = async (w: { worker: Worker; done: Promise<void> }) => {
    w.worker.shutdown();
    await w.done;
  };

  beforeAll(async () => {
    await smtp.start();
    server = await devServer();
    client = server.client;
  });
  afterAll(async () => {
    for (const w of running) if (w.worker.getState() === 'RUNNING') await stopWorker(w);
    await server?.close();
    await smtp.stop();
  });

  test('the note and the direct dispatch both survive; the merge is decided against the state it commits on', async () => {
    const first = await runWorker();
    const target = await startTicket(client, taskQueue, ticketInput(ticketId('RT'), new Date()));
    // A direct-dispatch matter (R1) whose 15 minutes are 10 seconds here, from the first workflow task.
    const rules = { ...defaultRules, directDispatchMinutes: 10 / 60 };
    const source = await startTicket(
      client,
      taskQueue,
      ticketInput(ticketId('RS'), undefined, { category: 'WATER_OUTAGE', location: { district: 'JB' } }, rules),
    );
    await untilEvent(source, EventType.EVENT_TYPE_TIMER_STARTED);
    await state(target);
    await stopWorker(first);
    expect((await source.fetchHistory()).events?.some((e) => e.eventType === EventType.EVENT_TYPE_TIMER_FIRED)).toBe(false);

    // The merge is decided first, then its signal to the target is in flight while the note and the
    // direct dispatch commit.
    const merge = act(source, 'merge', operator, { into: target.workflowId }).then(
      (s: TicketState) => ({ ok: true as const, s }),
      (err: Error) => ({ ok: false as const, err }),
    );
    await source.signal(actionSignals.note, { note: '诉求人来电补充：整栋楼停水' });
    await untilEvent(source, EventType.EVENT_TYPE_TIMER_FIRED);
    await runWorker();
    const outcome = await merge;

    const s = await state(source);
    const actions = s.history.map((e) => e.action);
    expect(actions).toContain('note');
    expect(actions).toContain('directDispatch');
    expect(s.history.every((e, i) => e.seq === i + 1)).toBe(true);
    // The merge was decided before the timer fired and signalled the target; deciding again, it
    // finds the ticket dispatched, out of the statuses a merge is allowed in: refused, and the
    // target lets the requesters go again.
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect((outcome.err.cause as Error | undefined)?.message).toMatch(/dispatched/);
    expect(s.status).toBe('dispatched');
    expect(s.leadUnit).toBe('LJ-WATER');
    const t = await state(target);
    expect(t.requesters.filter((r) => r.fromTicket === source.workflowId)).toEqual([]);
    expect(t.history.slice(-2).map((e) => e.action)).toEqual(['merged', 'mergeWithdrawn']);
    await recordHistory(source, 'merge-refused-after-race');
  });
});
