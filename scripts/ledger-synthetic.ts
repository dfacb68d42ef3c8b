// `npm run ledger:synthetic -- --per-day N --days D [--from YYYY-MM-DD] [--seed S] [--units U] [--categories C]`
// Fills the ledger at DATABASE_URL (or the embedded one in $HOTLINE_DATA_DIR/ledger) with a
// synthetic city's history, written in bulk, then rebuilds the statistics tables. Demo data for the
// console and the stats-scale benchmark; the same seed gives the same tickets.
import { parseArgs } from 'node:util';
import { loadCatalog } from '../config/catalog-source';
import { loadEnv } from '../config/env';
import { beijingDate } from '../domain/calendar';
import { ledgerConfig, openLedger } from '../ledger/open';
import { cityOf } from '../ledger/synthetic/city';
import { loadSynthetic } from '../ledger/synthetic/load';

const usage = `usage: npm run ledger:synthetic -- --per-day N --days D [--from YYYY-MM-DD] [--seed S] [--units U] [--categories C]
  --from        first Beijing date (default: D days before today)
  --units, --categories   pad the catalog with generated units and categories up to these counts`;

const int = (v: string | undefined, name: string, min = 1): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer ≥ ${min}\n${usage}`);
  return n;
};

async function main() {
  const { values } = parseArgs({
    options: {
      'per-day': { type: 'string' },
      days: { type: 'string' },
      from: { type: 'string' },
      seed: { type: 'string', default: '1' },
      units: { type: 'string', default: '0' },
      categories: { type: 'string', default: '0' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return console.log(usage);
  const perDay = int(values['per-day'], 'per-day');
  const days = int(values.days, 'days');
  const from = values.from ?? beijingDate(Date.now() - days * 86_400_000);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(from)) throw new Error(`--from must be YYYY-MM-DD\n${usage}`);
  const city = cityOf(loadCatalog(), { units: int(values.units, 'units', 0), categories: int(values.categories, 'categories', 0) });
  const db = await openLedger(ledgerConfig(loadEnv()));
  const started = Date.now();
  try {
    const total = await loadSynthetic(db, city, {
      perDay,
      days,
      from,
      seed: int(values.seed, 'seed', 0),
      now: Math.min(Date.now(), Date.parse(`${from}T00:00:00+08:00`) + days * 86_400_000),
      onDay: (date, n) => {
        if (date.endsWith('-01')) console.log(`${date}: ${n} tickets/day, ${((Date.now() - started) / 1000).toFixed(0)} s`);
      },
    });
    console.log(`已写入 ${total} 件合成工单 (synthetic tickets) in ${((Date.now() - started) / 1000).toFixed(1)} s, statistics rebuilt`);
  } finally {
    await db.close();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
