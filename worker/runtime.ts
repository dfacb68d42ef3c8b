// The worker process's wiring from configuration: connection, activities with their real clients.
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { createActivities } from '../activities';
import { payloadEncryption } from '../codec/data-converter';
import { loadKeyRing } from '../codec/key-ring';
import { createBulletinActivities } from '../activities/bulletin';
import { createSmsGateway } from '../activities/follow-up/sms';
import { createTransport } from '../activities/mail';
import { loadCatalog } from '../config/catalog-source';
import type { Env } from '../config/env';
import { resolvePseudonymSecret } from '../config/pseudonym-secret';
import { resolveRatingSecret } from '../config/rating-secret';
import { temporalTarget } from '../platform/temporal-connection';
import { createLedgerActivities } from '../ledger/activities';
import { ledgerConfig, sharedLedger } from '../ledger/open';
import { createTicketWorker, TicketWorkerOptions } from './create-worker';
import { deploymentVersion, ensureCurrentVersion, PromoteMode, workerDeploymentOptions } from './deployment';
import { ensureSearchAttributes } from './search-attributes';
import { ensureBulletinSchedules } from './schedules';
import { prebuiltBundle } from './workflow-bundle';
import { workerRuntimeOptions } from './telemetry';
import { log } from '../platform/log';

let runtimeInstalled = false;

/**
 * `tuning`: worker concurrency and cache settings (the benchmark passes its own); SDK defaults otherwise.
 * `payloads`: encrypted always, but for the benchmark's measure of the codec's cost.
 */
export async function startWorker(
  env: Env,
  address?: string,
  tuning?: TicketWorkerOptions['tuning'],
  payloads: 'encrypted' | 'plaintext' = 'encrypted',
  promote: PromoteMode = env.HOTLINE_DEPLOYMENT_PROMOTE,
): Promise<{ worker: Worker; running: Promise<void> }> {
  if (!runtimeInstalled) {
    runtimeInstalled = true;
    Runtime.install(workerRuntimeOptions(env));
  }
  const target = temporalTarget(env, address);
  const client = await Connection.connect(target);
  const added = await ensureSearchAttributes(client, target.namespace);
  if (added.length) log('worker').info({ searchAttributes: added }, 'registered search attributes');
  const schedules = await ensureBulletinSchedules(new Client({ connection: client, namespace: target.namespace }), env.TEMPORAL_TASK_QUEUE);
  if (schedules.length) log('worker').info({ schedules }, 'created bulletin schedules');
  const version = env.HOTLINE_WORKER_VERSIONING ? deploymentVersion(env) : undefined;

  const mailDir = path.join(env.HOTLINE_DATA_DIR, 'mail');
  if (!env.SMTP_URL) log('worker').info({ mailDir }, 'SMTP_URL not set: notification mail is written to files');
  const connection = await NativeConnection.connect(target);
  const publicUrl = env.HOTLINE_PUBLIC_URL ?? `http://127.0.0.1:${env.PORT}`;
  const ledger = await sharedLedger(ledgerConfig(env));
  const mailer = createTransport(env.SMTP_URL, mailDir);
  const catalog = () => loadCatalog(env.HOTLINE_CATALOG);
  const mail = { from: env.HOTLINE_MAIL_FROM, supervisionEmail: env.HOTLINE_SUPERVISION_EMAIL, dispatchEmail: env.HOTLINE_DISPATCH_EMAIL, publicUrl };
  const worker = await createTicketWorker({
    connection,
    namespace: target.namespace,
    taskQueue: env.TEMPORAL_TASK_QUEUE,
    dataConverter: payloads === 'encrypted' ? payloadEncryption(loadKeyRing(env)).dataConverter : undefined,
    tuning,
    deployment: version && workerDeploymentOptions(version),
    // Compiled (npm run build): the bundle the build wrote; from sources: bundled at start.
    workflowBundlePath: prebuiltBundle(),
    activities: {
      ...createLedgerActivities(ledger, { pseudonymSecret: resolvePseudonymSecret(env).secret }),
      ...createBulletinActivities({ ledger: async () => ledger, mailer, catalog, mail }),
      ...createActivities({
        mailer,
        catalog,
        mail,
        followUp: {
          provider: env.HOTLINE_FOLLOW_UP_PROVIDER,
          voiceUrl: env.HOTLINE_VOICE_URL,
          callbackUrl: `${publicUrl}/api/v1/callbacks/voice`,
          callbackSecret: env.HOTLINE_CALLBACK_SECRET,
          publicUrl,
          // The same resolution as the API's (HOTLINE_RATING_SECRET, else the data directory's dev secret).
          ratingSecret: resolveRatingSecret(env).secret,
          ratingTtlMs: env.HOTLINE_RATING_TTL_HOURS * 3_600_000,
        },
        dataDir: env.HOTLINE_DATA_DIR,
        sms:
          env.HOTLINE_FOLLOW_UP_PROVIDER === 'link'
            ? createSmsGateway({ url: env.HOTLINE_SMS_URL, dataDir: env.HOTLINE_DATA_DIR, secret: env.HOTLINE_CALLBACK_SECRET })
            : undefined,
      }),
    },
  });
  const running = worker.run().finally(() => connection.close());
  try {
    // A versioned worker is sent tasks only once its version is current (worker/deployment.ts).
    if (version) {
      const { current, changed } = await ensureCurrentVersion(client, target.namespace, version, promote);
      const state = current === version.buildId ? (changed ? 'made current' : 'current') : `not current (current: ${current ?? 'none'})`;
      log('worker').info(
        { deployment: version.deploymentName, buildId: version.buildId, state },
        `deployment ${version.deploymentName}, build ${version.buildId}: ${state}`,
      );
    }
  } catch (err) {
    worker.shutdown();
    await running.catch(() => undefined);
    throw err;
  } finally {
    await client.close();
  }
  return { worker, running };
}
