// `npm start`: the whole embedded stack in one command. Without TEMPORAL_ADDRESS it runs a
// Temporal dev server (SQLite in HOTLINE_DATA_DIR, Web UI on 8233), then the worker and the API.
// A second start reuses the same SQLite file, so tickets survive. Ctrl-C stops all three.
// Each step is printed as it begins, so a first start that downloads the CLI says what it waits for.
import path from 'node:path';
import { loadEnv } from '../config/env';
import { DevServer, freePort, startDevServer } from '../platform/dev-server';
import { secureDataDir, tightenTree } from '../platform/private-files';
import { ensureTemporalCli } from '../platform/temporal-cli';
import { startLoopbackCodec } from '../api/codec-loopback';
import { devLogin, loadApiFiles, startApi } from '../api/runtime';
import { payloadEncryption } from '../codec/data-converter';
import { loadKeyRing } from '../codec/key-ring';
import { ledgerConfig, sharedLedger } from '../ledger/open';
import { startWorker } from '../worker/runtime';
import { prebuiltBundle } from '../worker/workflow-bundle';
import { workerMetricsAddress } from '../worker/telemetry';

const began = Date.now();
const seconds = () => `${((Date.now() - began) / 1000).toFixed(1)} s`;
const step = (m: string) => console.log(`[start] ${m}`);

async function main() {
  const env = loadEnv();
  // The API's files first (catalog, calendar, rules): a bad one stops the start before anything runs.
  loadApiFiles(env);
  const dataDir = path.resolve(env.HOTLINE_DATA_DIR);
  secureDataDir(dataDir);
  let devServer: DevServer | undefined;
  let address = env.TEMPORAL_ADDRESS;
  // The dev server's Web UI decodes tickets through a codec endpoint on loopback (docs/ENCRYPTION.md).
  const codecPort = address ? undefined : (env.HOTLINE_CODEC_PORT ?? (await freePort()));
  if (address) step(`Temporal: the existing cluster at ${address} (TEMPORAL_ADDRESS); no dev server`);
  else {
    const cliPath = await ensureTemporalCli(step);
    const dbFile = path.join(dataDir, 'temporal.sqlite');
    step(`Temporal dev server: starting on 127.0.0.1:${env.TEMPORAL_GRPC_PORT}, state in ${dbFile}`);
    devServer = await startDevServer({
      cliPath,
      dbFile,
      port: env.TEMPORAL_GRPC_PORT,
      uiPort: env.TEMPORAL_UI_PORT,
      uiCodecEndpoint: `http://127.0.0.1:${codecPort}`,
      namespace: env.TEMPORAL_NAMESPACE,
    });
    address = devServer.address;
    step(`Temporal dev server: ready after ${seconds()}`);
  }
  const bundle = prebuiltBundle() ? 'loading the workflow bundle the build wrote' : 'bundling the workflow code';
  step(`worker: ${bundle}, then polling task queue ${env.TEMPORAL_TASK_QUEUE}`);
  // The embedded dev server serves this process alone: its build is the current version (worker/deployment.ts).
  const { worker, running } = await startWorker(env, address, undefined, 'encrypted', devServer ? 'always' : env.HOTLINE_DEPLOYMENT_PROMOTE);
  step(`API: starting on port ${env.PORT} (ledger, mail and dev secrets in ${dataDir})`);
  const api = await startApi(env, address);
  const codec =
    codecPort === undefined
      ? undefined
      : await startLoopbackCodec({
          codec: payloadEncryption(loadKeyRing(env)).codec,
          ledger: await sharedLedger(ledgerConfig(env)),
          port: codecPort,
          uiOrigins: [`http://127.0.0.1:${env.TEMPORAL_UI_PORT}`, `http://localhost:${env.TEMPORAL_UI_PORT}`],
        });

  console.log('');
  console.log(`12345 接诉即办 engine is running (ready after ${seconds()})`);
  console.log(`  API           ${api.url}   ready: ${api.url}/readyz`);
  console.log(`  API console   ${api.url}/docs   (every route, browsable; contract at ${api.url}/openapi.json)`);
  console.log(`  工作台        ${api.url}/console/   (the web console; ${devLogin(env) ? 'sign in by picking a role and unit' : 'single sign-on'})`);
  if (devServer) console.log(`  Temporal UI   ${devServer.uiUrl}   (tickets decoded through ${codec?.url}; each decode is logged)`);
  console.log(`  Temporal      ${address}  (namespace ${env.TEMPORAL_NAMESPACE}, task queue ${env.TEMPORAL_TASK_QUEUE})`);
  console.log(`  Data          ${dataDir}`);
  const workerMetrics = workerMetricsAddress(env);
  if (api.metricsUrl || workerMetrics) {
    console.log(`  Metrics       ${[api.metricsUrl, workerMetrics && `http://${workerMetrics}/metrics (worker)`].filter(Boolean).join('   ')}`);
  }
  console.log('  Get a token:  npm run token -- --role operator');
  console.log('  Ctrl-C stops everything.');

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    console.log('\n[start] stopping...');
    worker.shutdown();
    await Promise.allSettled([running, api.close(), codec?.close()]);
    await devServer?.stop();
    tightenTree(dataDir);
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  running.catch((err) => {
    console.error('[worker] stopped:', err);
    void stop();
  });
}

main().catch((err) => {
  console.error(`[start] ${err instanceof Error ? err.message : err}`);
  process.exit(1);
});
