// The measurement of the duplicate suggestions' quality (issue 15, docs/BENCHMARKS.md) on its
// fixture: the fixture is what it claims, and the figures do not fall below what was measured
// when the scoring was tuned (a floor, not the figure itself: that is printed by the bench).
import { duplicateFixture } from '../../bench/knowledge/duplicate-fixture';
import { measureDuplicateQuality } from '../../bench/knowledge/duplicate-quality';
import type { LedgerDb } from '../../ledger/db';
import { openTestLedger } from '../setup/ledger';

let db: LedgerDb;
beforeAll(async () => {
  db = await openTestLedger();
});
afterAll(() => db?.close());

test('the fixture: at least 200 tickets, deterministic, with duplicates and near misses', () => {
  const f = duplicateFixture();
  expect(f.length).toBeGreaterThanOrEqual(200);
  expect(duplicateFixture()).toEqual(f);
  const perMatter = new Map<string, number>();
  for (const t of f) perMatter.set(t.matter, (perMatter.get(t.matter) ?? 0) + 1);
  expect([...perMatter.values()].filter((n) => n > 1).length).toBeGreaterThanOrEqual(30);
  // Near misses: the same problem in the same street at another estate.
  const problemStreet = new Map<string, Set<string>>();
  for (const m of perMatter.keys()) {
    const [problem, rest] = m.split('@');
    const street = rest!.split('/')[0]!;
    const k = `${problem}@${street}`;
    problemStreet.set(k, (problemStreet.get(k) ?? new Set()).add(m));
  }
  expect([...problemStreet.values()].filter((s) => s.size > 1).length).toBeGreaterThanOrEqual(5);
});

test('precision and recall at 3 through the preview and the ledger', async () => {
  const q = await measureDuplicateQuality(db);
  console.log(`[duplicates] ${JSON.stringify(q)}`);
  expect(q.tickets).toBeGreaterThanOrEqual(200);
  expect(q.precisionAt3).toBeGreaterThanOrEqual(0.8);
  expect(q.recallAt3).toBeGreaterThanOrEqual(0.8);
}, 120_000);
