// `npm run api`: the HTTP API alone, against TEMPORAL_ADDRESS (production).
import { loadEnv } from '../config/env';
import { closeSharedLedgers } from '../ledger/open';
import { secureDataDir } from '../platform/private-files';
import { startApi } from './runtime';

async function main() {
  const env = loadEnv();
  secureDataDir(env.HOTLINE_DATA_DIR);
  const api = await startApi(env);
  console.log(`[api] listening on ${api.url}`);
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
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
