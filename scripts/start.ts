// `npm start`: the whole embedded stack in one command. Without TEMPORAL_ADDRESS it runs a
// Temporal dev server (SQLite in HOTLINE_DATA_DIR, Web UI on 8233), then the worker and the API.
// A second start reuses the same SQLite file, so tickets survive. Ctrl-C stops all three.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { loadEnv } from '../config/env';
import { DevServer, startDevServer } from '../platform/dev-server';
import { projectRoot } from '../platform/paths';
import { resolveTemporalCli } from '../platform/temporal-cli';
import { startApi } from '../api/runtime';
import { startWorker } from '../worker/runtime';

function temporalCli(): string {
  const found = resolveTemporalCli();
  if (found) return found;
  console.log('[start] no temporal CLI found; obtaining it (first run only)...');
  const r = spawnSync('bash', [path.join(projectRoot, 'scripts', 'setup.sh'), '--cli'], { stdio: 'inherit' });
  const built = r.status === 0 ? resolveTemporalCli() : undefined;
  if (!built) throw new Error('could not obtain the temporal CLI: set TEMPORAL_CLI_PATH, or TEMPORAL_ADDRESS for an existing cluster');
  return built;
}

async function main() {
  const env = loadEnv();
  let devServer: DevServer | undefined;
  let address = env.TEMPORAL_ADDRESS;
  if (!address) {
    fs.mkdirSync(env.HOTLINE_DATA_DIR, { recursive: true });
    devServer = await startDevServer({
      cliPath: temporalCli(),
      dbFile: path.join(env.HOTLINE_DATA_DIR, 'temporal.sqlite'),
      port: env.TEMPORAL_GRPC_PORT,
      uiPort: env.TEMPORAL_UI_PORT,
      namespace: env.TEMPORAL_NAMESPACE,
    });
    address = devServer.address;
  }
  const { worker, running } = await startWorker(env, address);
  const api = await startApi(env, address);

  console.log('');
  console.log('12345 接诉即办 engine is running');
  console.log(`  Temporal      ${address}  (namespace ${env.TEMPORAL_NAMESPACE}, task queue ${env.TEMPORAL_TASK_QUEUE})`);
  if (devServer) console.log(`  Temporal UI   ${devServer.uiUrl}`);
  console.log(`  API           ${api.url}   health: ${api.url}/healthz   docs: ${api.url}/docs`);
  console.log(`  Data          ${env.HOTLINE_DATA_DIR}`);
  console.log('  Get a token:  npm run token -- --role operator');
  console.log('  Ctrl-C stops everything.');

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    console.log('\n[start] stopping...');
    worker.shutdown();
    await Promise.allSettled([running, api.close()]);
    await devServer?.stop();
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
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
