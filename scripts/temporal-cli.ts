// `npm run setup` (scripts/setup.sh) obtains the temporal CLI through this, the same code that
// `npm start`, the tests and the bench use (platform/temporal-cli.ts).
import { ensureTemporalCli } from '../platform/temporal-cli';

ensureTemporalCli((m) => console.error(`[setup] ${m}`)).catch((err) => {
  console.error(`[setup] ${err instanceof Error ? err.message : err}`);
  process.exit(1);
});
