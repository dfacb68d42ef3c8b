// `npm run api`: the HTTP API alone, against TEMPORAL_ADDRESS (production).
import { loadEnv } from '../config/env';
import { closeSharedLedgers } from '../ledger/open';
import { secureDataDir } from '../platform/private-files';
import { startApi } from './runtime';
import { announce, errorFields, log } from '../platform/log';

async function main() {
  const env = loadEnv();
  secureDataDir(env.HOTLINE_DATA_DIR);
  const api = await startApi(env);
  announce('api', { url: api.url, metrics: api.metricsUrl }, `listening on ${api.url}`);
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.once(
      sig,
      () =>
        void api
          .close()
          .then(closeSharedLedgers)
          .then(() => process.exit(0)),
    );
  }
}

main().catch((err) => {
  log('api').error(errorFields(err), 'not started');
  process.exit(1);
});
