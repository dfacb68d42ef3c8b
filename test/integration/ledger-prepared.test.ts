// The ledger write's prepared statements (QueryOptions.prepare) on both databases: the same rows
// as the unnamed statement, with every type the ledger reads back; one prepared statement however
// often it runs; an error rolls its transaction back and leaves the connection usable; and on
// PGlite, queries from outside wait while a transaction runs its prepared statements.
import type { LedgerDb } from '../../ledger/db';
import { PREPARE } from '../../ledger/db';
import { openPglite } from '../../ledger/pglite';
import { openPostgres } from '../../ledger/postgres';
import { startPostgres, TestPostgres } from '../setup/postgres';

let server: TestPostgres;
const dbs: Record<'pglite' | 'postgres', LedgerDb> = {} as never;

beforeAll(async () => {
  server = await startPostgres();
  dbs.pglite = await openPglite();
  dbs.postgres = openPostgres(await server.createDatabase('prepared'), { max: 1 });
  for (const db of Object.values(dbs)) {
    await db.exec(`CREATE TABLE t (id text PRIMARY KEY, n integer, at timestamptz, d date, j jsonb, ok boolean, tags text[], note text)`);
  }
});
afterAll(async () => {
  await Promise.allSettled(Object.values(dbs).map((db) => db.close()));
  await server?.stop();
});

const INSERT = `INSERT INTO t (id, n, at, d, j, ok, tags, note) VALUES ($1, $2, $3::timestamptz, $4::date, $5::jsonb, $6, $7::text[], $8)
  ON CONFLICT (id) DO UPDATE SET n = t.n + EXCLUDED.n RETURNING id, n`;
const SELECT = 'SELECT id, n, at, d, j, ok, tags, note FROM t WHERE id = $1';
const row = (id: string) => [id, 2, '2026-03-01T01:02:03.000Z', '2026-03-01', JSON.stringify({ a: [1, '二'] }), true, ['甲', 'b'], null];

describe.each(['pglite', 'postgres'] as const)('%s', (name) => {
  const db = () => dbs[name];

  test('a prepared statement answers exactly what the unnamed one answers, every type alike', async () => {
    const [written] = await db().transaction((tx) => tx.query(INSERT, row(`${name}-1`), PREPARE));
    expect(written).toEqual({ id: `${name}-1`, n: 2 });
    const [prepared] = await db().transaction((tx) => tx.query(SELECT, [`${name}-1`], PREPARE));
    const [plain] = await db().query(SELECT, [`${name}-1`]);
    expect(prepared).toEqual(plain);
    expect(prepared).toMatchObject({ j: { a: [1, '二'] }, ok: true, tags: ['甲', 'b'], note: null });
    expect((prepared as { at: Date }).at.toISOString()).toBe('2026-03-01T01:02:03.000Z');
  });

  test('run a hundred times, it is prepared once and keeps counting right', async () => {
    for (let i = 0; i < 100; i++) await db().transaction((tx) => tx.query(INSERT, row(`${name}-many`), PREPARE));
    const [{ n }] = await db().query<{ n: number }>('SELECT n FROM t WHERE id = $1', [`${name}-many`]);
    expect(n).toBe(200);
    const statements = await db().transaction((tx) =>
      tx.query<{ statement: string }>('SELECT statement FROM pg_prepared_statements WHERE statement LIKE $1', ['INSERT INTO t %']),
    );
    expect(statements).toHaveLength(1);
  });

  test('an error in a prepared statement rolls its transaction back; the next one works', async () => {
    await expect(
      db().transaction(async (tx) => {
        await tx.query(INSERT, row(`${name}-rolled-back`), PREPARE);
        await tx.query(INSERT, [`${name}-bad`, 'not a number', null, null, null, null, null, null], PREPARE);
      }),
    ).rejects.toThrow(/integer/);
    expect(await db().query(SELECT, [`${name}-rolled-back`])).toEqual([]);
    const [after] = await db().transaction((tx) => tx.query(INSERT, row(`${name}-after`), PREPARE));
    expect(after).toEqual({ id: `${name}-after`, n: 2 });
  });

  test('a statement that does not parse is refused and blocks no statement prepared after it', async () => {
    await expect(db().transaction((tx) => tx.query('SELEC id FROM t WHERE id = $1', ['x'], PREPARE))).rejects.toThrow(/syntax/);
    const [row] = await db().transaction((tx) => tx.query<{ id: string }>('SELECT id FROM t WHERE id = $1 AND n > $2', [`${name}-1`, 0], PREPARE));
    expect(row).toEqual({ id: `${name}-1` });
  });
});

test('PGlite: a query from outside waits for the transaction running prepared statements', async () => {
  const db = dbs.pglite;
  let outside: Promise<unknown> | undefined;
  const seen = await db.transaction(async (tx) => {
    await tx.query(INSERT, row('iso-1'), PREPARE);
    // Sent while the transaction is open: it must neither see its rows nor come between its statements.
    outside = db.query<{ n: number }>('SELECT count(*)::int AS n FROM t WHERE id LIKE $1', ['iso-%']);
    for (let i = 2; i <= 20; i++) await tx.query(INSERT, row(`iso-${i}`), PREPARE);
    return (await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM t WHERE id LIKE $1', ['iso-%'], PREPARE))[0]!.n;
  });
  expect(seen).toBe(20);
  expect(await outside).toEqual([{ n: 20 }]);
});

test('PGlite: outside a transaction the option is ignored (a plain statement)', async () => {
  const db = dbs.pglite;
  expect(await db.query(INSERT, row('plain-1'), PREPARE)).toEqual([{ id: 'plain-1', n: 2 }]);
  expect(await db.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_prepared_statements WHERE statement LIKE 'INSERT INTO t %'")).toEqual([
    { n: 1 },
  ]);
});
