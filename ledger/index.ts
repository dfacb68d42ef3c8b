// The ledger: a PostgreSQL record of every ticket that outlives Temporal's retention, and the
// statistics, rankings and hotspots computed from it. See docs/STATISTICS.md.
export * from './db';
export * from './open';
export * from './migrate';
export * from './recorder';
export * from './read';
export * from './redact';
export * from './period';
export * from './stats';
export * from './ranking';
export * from './hotspots';
export * from './csv';
export * from './phone-reads';
export * from './clearance';
export * from './clearance-page';
export * from './supervision';
export * from './pseudonym';
export { createLedgerActivities } from './activities';
export type { LedgerActivities, RecordLedgerResult } from './contract';
export * from './hotline-stats';
export * from './dimensions';
export * from './open311-keys';
export * from './open311-requests';
export * from './citizen-lookups';
