// Migration 011 on an existing ledger: tickets recorded before the aggregates existed are counted
// once the migration has run (it rebuilds them from the raw rows), and equal the direct figures.
import { clearanceRegisterFromRaw } from '../../ledger/clearance';
import { clearanceRegister } from '../../ledger/clearance-page';
import { hotlineStats, hotlineStatsFromRaw } from '../../ledger/hotline-stats';
import { hotspots, hotspotsFromRaw } from '../../ledger/hotspots';
import { loadMigrations, migrate } from '../../ledger/migrate';
import { openPglite } from '../../ledger/pglite';
import { recordTicket } from '../../ledger/recorder';
import { unitStats, unitStatsFromRaw } from '../../ledger/stats';
import { fixtureMonth, MARCH } from './ledger-fixture-month';

test('migration 011 builds the aggregates of the tickets already in the ledger', async () => {
  const db = await openPglite();
  try {
    await migrate(
      db,
      loadMigrations().filter((m) => m.version < 11),
    );
    // Recorded as a ledger without the aggregate tables did.
    for (const s of fixtureMonth()) for (const st of s.states) await recordTicket(db, st, { aggregates: false });
    expect(await migrate(db)).toContain(11);
    const report = await unitStats(db, MARCH);
    expect(report.total.received).toBeGreaterThan(0);
    expect(report).toEqual(await unitStatsFromRaw(db, MARCH));
    expect(await hotlineStats(db, MARCH)).toEqual(await hotlineStatsFromRaw(db, MARCH));
    expect(await hotspots(db, '2026-03')).toEqual(await hotspotsFromRaw(db, '2026-03'));
    const register = await clearanceRegister(db, { month: '2026-03' });
    expect(register.entries.length).toBeGreaterThan(0);
    expect(register).toEqual(await clearanceRegisterFromRaw(db, { month: '2026-03' }));
  } finally {
    await db.close();
  }
});
