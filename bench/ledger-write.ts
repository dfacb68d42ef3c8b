// What keeping the statistics aggregates costs each ledger write (issue #26): the same random ticket
// histories recorded state by state (as the workflow's activity does) into a fresh ledger with the
// aggregates kept and without (the write as it was before them), alternated (without, with, with,
// without) so that the machine's drift weighs on both alike.
import type { LedgerDb } from '../ledger/db';
import { migrate } from '../ledger/migrate';
import { openPglite } from '../ledger/pglite';
import { openPostgres } from '../ledger/postgres';
import { recordTicket } from '../ledger/recorder';
import { randomHistory } from '../test/unit/ledger-random-history';

export interface WriteCost {
  database: 'pglite' | 'postgres';
  tickets: number;
  writes: number;
  /** Mean milliseconds per recordTicket, aggregates left alone (before issue #26). */
  beforeMs: number;
  /** The same with the aggregates kept in the write's transaction. */
  afterMs: number;
  afterOverBefore: number;
}

export async function ledgerWriteCost(o: { tickets: number; postgresUrl?: (name: string) => Promise<string> }): Promise<WriteCost> {
  const { stories } = randomHistory(26, o.tickets);
  const states = stories.flatMap((s) => s.states);
  const ms: Record<'before' | 'after', number[]> = { before: [], after: [] };
  let run = 0;
  for (const mode of ['before', 'after', 'after', 'before'] as const) {
    const db: LedgerDb = o.postgresUrl ? openPostgres(await o.postgresUrl(`write_cost_${run++}`)) : await openPglite();
    try {
      await migrate(db);
      const started = process.hrtime.bigint();
      for (const st of states) await recordTicket(db, st, { aggregates: mode === 'after' });
      ms[mode].push(Number(process.hrtime.bigint() - started) / 1e6 / states.length);
    } finally {
      await db.close();
    }
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const round = (x: number) => Math.round(x * 1000) / 1000;
  return {
    database: o.postgresUrl ? 'postgres' : 'pglite',
    tickets: o.tickets,
    writes: states.length,
    beforeMs: round(mean(ms.before)),
    afterMs: round(mean(ms.after)),
    afterOverBefore: round(mean(ms.after) / mean(ms.before)),
  };
}
