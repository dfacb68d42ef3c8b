// Rebuilds the pre-aggregated statistics (migration 011) from the raw rows, in the caller's
// transaction: after a bulk load (npm run ledger:synthetic), on demand (npm run ledger -- rebuild),
// and by the migration that introduces them on an existing ledger.
import { rebuildClearance } from './clearance-store';
import type { Queryable } from './db';
import { hotlineContributionSql, placeContributionSql, unitColumns, unitContributionSql } from './aggregate-schema';

export const aggregateTables = ['stats_unit_day', 'stats_unit_month', 'stats_hotline_day', 'stats_place_month'] as const; // and stats_clearance

export async function rebuildAggregates(tx: Queryable): Promise<void> {
  for (const t of aggregateTables) await tx.query(`DELETE FROM ${t}`);
  // The kept contributions (migration 015) may not match rebuilt figures: the next writes compute theirs.
  await tx.query('DELETE FROM stats_contribution');
  await tx.query(`INSERT INTO stats_unit_day ${unitContributionSql(true)}`);
  const counts = unitColumns().map((c) => c.column);
  await tx.query(
    `INSERT INTO stats_unit_month (month, unit, request_type, citizen_kind, channel, ${counts.join(', ')})
     SELECT date_trunc('month', day)::date, unit, request_type, citizen_kind, channel, ${counts.map((c) => `sum(${c})`).join(', ')}
       FROM stats_unit_day GROUP BY 1, 2, 3, 4, 5`,
  );
  await tx.query(`INSERT INTO stats_hotline_day ${hotlineContributionSql(true)}`);
  await tx.query(`INSERT INTO stats_place_month ${placeContributionSql(true)}`);
  await rebuildClearance(tx);
}
