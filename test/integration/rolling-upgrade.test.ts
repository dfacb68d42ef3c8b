// A rolling upgrade with Worker Deployment Versioning (docs/ROLLING-UPGRADE.md), on the dev server:
// tickets start and take their first steps on the old build; the new build's workers come up and
// stay idle until the operator makes it current (`temporal worker deployment set-current-version`);
// the old workers stop; the tickets, AUTO_UPGRADE, finish on the new build.
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import type { Connection, WorkflowHandle } from '@temporalio/client';
import type { WorkerDeploymentVersion } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import type { Worker } from '@temporalio/worker';
import { resolveTemporalCli } from '../../platform/temporal-cli';
import { createTicketWorker } from '../../worker/create-worker';
import { pollsFromHost } from '../../worker/healthcheck';
import { ensureCurrentVersion, workerDeploymentOptions } from '../../worker/deployment';
import { act, closeSatisfied, replyInput, signOff } from '../setup/drive';
import { recordHistory } from '../setup/histories';
import { LoopbackSmtp } from '../setup/smtp';
import { devServer, dispatcher, handlerOf, readyTestActivities, startTicket, ticketId, ticketInput } from '../setup/temporal';

const UNIT = 'LJ-JB-HOUSING';
const TASK_QUEUE = `i19-rolling-${process.pid}`;
const deploymentName = `i19-hotline-${Date.now().toString(36)}`;
const oldBuild: WorkerDeploymentVersion = { deploymentName, buildId: '0.1.0' };
const newBuild: WorkerDeploymentVersion = { deploymentName, buildId: '0.2.0' };
const { EventType, VersioningBehavior } = temporal.api.enums.v1;

describe('rolling upgrade: tickets started on the old build finish on the new one', () => {
  const smtp = new LoopbackSmtp();
  let dev: Awaited<ReturnType<typeof devServer>>;
  const running: { worker: Worker; done: Promise<void> }[] = [];

  const startVersioned = async (version: WorkerDeploymentVersion) => {
    const worker = await createTicketWorker({
      connection: dev.connection,
      namespace: 'default',
      taskQueue: TASK_QUEUE,
      activities: await readyTestActivities(smtp.url),
      workflowBundlePath: process.env.HOTLINE_TEST_WORKFLOW_BUNDLE,
      deployment: workerDeploymentOptions(version),
    });
    const w = { worker, done: worker.run() };
    running.push(w);
    return w;
  };
  /** The build each workflow task was completed by, in order. */
  const buildsOf = async (h: WorkflowHandle) =>
    ((await h.fetchHistory()).events ?? [])
      .filter((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED)
      .map((e) => e.workflowTaskCompletedEventAttributes?.deploymentVersion?.buildId);

  beforeAll(async () => {
    await smtp.start();
    dev = await devServer();
  });
  afterAll(async () => {
    for (const w of running) if (w.worker.getState() === 'RUNNING') w.worker.shutdown();
    await Promise.allSettled(running.map((w) => w.done));
    await dev?.close();
    await smtp.stop();
  });

  test('old build serves, new build made current with the CLI, tickets finish on it', async () => {
    const connection = dev.client.connection;
    const old = await startVersioned(oldBuild);
    // The first worker of a deployment makes itself current; a later build does not, on its own.
    expect(await ensureCurrentVersion(connection, 'default', oldBuild, 'if-none')).toEqual({ current: '0.1.0', changed: true });

    // The compose health check (a poller from this host) sees a versioned worker too.
    expect(await pollsFromHost(dev.client.connection as Connection, 'default', TASK_QUEUE, os.hostname())).toBe(true);

    const tickets = await Promise.all([1, 2, 3].map(() => startTicket(dev.client, TASK_QUEUE, ticketInput(ticketId('I19R'), undefined))));
    for (const h of tickets) {
      await act(h, 'dispatch', dispatcher, { unit: UNIT });
      await act(h, 'sign', handlerOf(UNIT), {});
    }
    const before = (await tickets[0].describe()).raw.workflowExecutionInfo?.versioningInfo;
    expect(before?.behavior).toBe(VersioningBehavior.VERSIONING_BEHAVIOR_AUTO_UPGRADE);
    expect(before?.deploymentVersion?.buildId).toBe('0.1.0');

    await startVersioned(newBuild);
    expect(await ensureCurrentVersion(connection, 'default', newBuild, 'if-none')).toEqual({ current: '0.1.0', changed: false });

    // The operator's step (docs/ROLLING-UPGRADE.md), then the old workers drain and stop.
    const cli = resolveTemporalCli()!;
    const set = spawnSync(cli, ['worker', 'deployment', 'set-current-version', '--deployment-name', deploymentName, '--build-id', '0.2.0', '--yes'], {
      encoding: 'utf8',
      env: { ...process.env, TEMPORAL_ADDRESS: process.env.HOTLINE_TEST_TEMPORAL_ADDRESS },
    });
    expect([set.status, set.stderr]).toEqual([0, '']);
    expect(await ensureCurrentVersion(connection, 'default', newBuild, 'never')).toEqual({ current: '0.2.0', changed: false });
    old.worker.shutdown();
    await old.done;

    for (const h of tickets) {
      await act(h, 'contact', handlerOf(UNIT), { stage: 'first', method: 'phone' });
      await act(h, 'contact', handlerOf(UNIT), { stage: 'final', method: 'phone' });
      await act(h, 'reply', handlerOf(UNIT), replyInput);
      await signOff(h, UNIT);
      await closeSatisfied(h);
      expect((await h.result()).status).toBe('closed');
      const builds = await buildsOf(h);
      // Tasks before the switch on the old build, every one after it on the new; none unversioned.
      const firstNew = builds.indexOf('0.2.0');
      expect(firstNew).toBeGreaterThan(0);
      expect(builds.slice(0, firstNew).every((b) => b === '0.1.0')).toBe(true);
      expect(builds.slice(firstNew).every((b) => b === '0.2.0')).toBe(true);
      expect((await h.describe()).raw.workflowExecutionInfo?.versioningInfo?.deploymentVersion?.buildId).toBe('0.2.0');
    }
    await recordHistory(tickets[0], 'i19-rolling-upgrade');
  });
});
