// Worker Deployment Versioning (docs/ROLLING-UPGRADE.md): every worker polls as one version of a
// deployment, named after the package with the package's version as its build id (both overridable).
// Tickets live for days, so they AUTO_UPGRADE: each workflow task goes to the deployment's current
// version, and changes to running tickets' decisions stay behind patched(), as before. A versioned
// worker gets no task until its version is current: `ensureCurrentVersion` makes it so where the
// deployment has none yet (a first start) or where the process owns the whole deployment (npm start).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ConnectionLike } from '@temporalio/client';
import type { WorkerDeploymentVersion } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import type { WorkerDeploymentOptions } from '@temporalio/worker';
import type { Env } from '../config/env';
import { projectRoot } from '../platform/paths';

/** When a starting worker makes its version the deployment's current one. */
export type PromoteMode = 'if-none' | 'always' | 'never';

/** The package's name and version: the default deployment name and build id. */
export function packageVersion(root = projectRoot): { name: string; version: string } {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { name: string; version: string };
  return { name: pkg.name, version: pkg.version };
}

export function deploymentVersion(env: Pick<Env, 'HOTLINE_DEPLOYMENT_NAME' | 'HOTLINE_BUILD_ID'>): WorkerDeploymentVersion {
  const pkg = packageVersion();
  return { deploymentName: env.HOTLINE_DEPLOYMENT_NAME ?? pkg.name, buildId: env.HOTLINE_BUILD_ID ?? pkg.version };
}

export function workerDeploymentOptions(version: WorkerDeploymentVersion): WorkerDeploymentOptions {
  return { version, useWorkerVersioning: true, defaultVersioningBehavior: 'AUTO_UPGRADE' };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const { RoutingConfigUpdateState } = temporal.api.enums.v1;
const grpcCode = (err: unknown) => (err as { code?: number }).code;
const NOT_FOUND = 5;

async function describe(connection: ConnectionLike, namespace: string, deploymentName: string) {
  try {
    return await connection.workflowService.describeWorkerDeployment({ namespace, deploymentName });
  } catch (err) {
    if (grpcCode(err) === NOT_FOUND) return undefined; // not before the first poll of one of its versions
    throw err;
  }
}

export interface PromoteResult {
  /** The deployment's current build id afterwards. */
  current: string | undefined;
  changed: boolean;
}

/**
 * Waits until the server knows `version` (its workers poll), then makes it current per `mode`, and
 * waits until the routing change has reached the task queues. Two workers of one version starting
 * together both ask; the conflict token lets one win and the other find it done.
 */
export async function ensureCurrentVersion(
  connection: ConnectionLike,
  namespace: string,
  version: WorkerDeploymentVersion,
  mode: PromoteMode,
  timeoutMs = 60_000,
): Promise<PromoteResult> {
  const deadline = Date.now() + timeoutMs;
  let changed = false;
  let refused: unknown;
  for (;;) {
    const d = await describe(connection, namespace, version.deploymentName);
    const info = d?.workerDeploymentInfo;
    const known = info?.versionSummaries?.some((s) => s.deploymentVersion?.buildId === version.buildId);
    const current = info?.routingConfig?.currentDeploymentVersion?.buildId || undefined;
    const settled = info?.routingConfigUpdateState !== RoutingConfigUpdateState.ROUTING_CONFIG_UPDATE_STATE_IN_PROGRESS;
    const wanted = mode === 'always' || (mode === 'if-none' && !current) ? version.buildId : current;
    if (known && current === wanted && settled) return { current, changed };
    if (Date.now() > deadline) {
      throw new Error(
        `worker deployment ${version.deploymentName}: version ${version.buildId} not current after ${timeoutMs} ms (current: ${current ?? 'none'})`,
        { cause: refused },
      );
    }
    if (known && current !== wanted) {
      try {
        await connection.workflowService.setWorkerDeploymentCurrentVersion({
          namespace,
          deploymentName: version.deploymentName,
          buildId: version.buildId,
          conflictToken: d!.conflictToken,
          identity: `hotline worker ${process.pid}@${os.hostname()}`,
        });
        changed = true;
        continue;
      } catch (err) {
        // Another worker changed the deployment meanwhile (the conflict token): look again.
        refused = err;
      }
    }
    await sleep(250);
  }
}
