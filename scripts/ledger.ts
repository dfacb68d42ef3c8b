// `npm run ledger -- rebuild`: rebuilds every table the statistics read (migration 011's aggregates
// and the 动态清零 rows) from the ledger's raw rows, in one transaction, on the ledger at
// DATABASE_URL or the embedded one in $HOTLINE_DATA_DIR/ledger (stop `npm start` first: PGlite
// allows one process).
import { loadEnv } from '../config/env';
import { ledgerConfig, openLedger } from '../ledger/open';
import { rebuildStatistics } from '../ledger/synthetic/load';

const usage = 'usage: npm run ledger -- rebuild';

async function main() {
  const [command] = process.argv.slice(2);
  if (command !== 'rebuild') throw new Error(usage);
  const db = await openLedger(ledgerConfig(loadEnv()));
  try {
    const started = Date.now();
    await rebuildStatistics(db);
    console.log(`统计汇总表已按原始记录重建 (statistics rebuilt from the raw rows) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    await db.close();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
