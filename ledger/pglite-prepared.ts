// Named prepared statements on PGlite. Its `query` sends every statement unnamed, so PostgreSQL
// parses and plans it again each time; for the ledger write's statements that planning was most of
// their cost (the contribution query: 1.4 ms planned each time, 0.36 ms prepared). Here a statement
// is parsed once under a name and then only bound and executed; PostgreSQL keeps its plan (a
// generic one after five runs) and drops it by itself when a migration changes a table it reads.
// One wire-protocol message per call (bind, describe, execute, sync together), so nothing of
// another statement can come between its parts.
import { parse, PGlite, protocol } from '@electric-sql/pglite';

const { serialize } = protocol;

interface Statement {
  name: string;
  /** Parameter types as the server inferred them: each value is serialised as `query` would. */
  types: number[];
}

const message = (...parts: Uint8Array[]) => Buffer.concat(parts);

/** A runner for one PGlite instance: call it only while that instance's transaction is held. */
export function preparedStatements(pg: PGlite) {
  const statements = new Map<string, Statement>();
  // A name is never reused: a statement whose parse half-failed cannot block the next one.
  let named = 0;

  const prepare = async (sql: string): Promise<Statement> => {
    const name = `ledger_${++named}`;
    const replies = await pg.execProtocolStream(
      message(serialize.parse({ name, text: sql }), serialize.describe({ type: 'S', name }), serialize.sync()),
      {
        syncToFs: false,
      },
    );
    const st = { name, types: parse.parseDescribeStatementResults(replies) };
    statements.set(sql, st);
    return st;
  };

  return <R>(sql: string, params: readonly unknown[]): Promise<R[]> =>
    // The lock `query` takes, so that no other statement's parts interleave with ours.
    pg._runExclusiveQuery(async () => {
      const st = statements.get(sql) ?? (await prepare(sql));
      const values = params.map((v, i) => {
        if (v === null || v === undefined) return null;
        const toText = pg.serializers[st.types[i]!];
        return toText ? toText(v) : String(v);
      });
      const replies = await pg.execProtocolStream(
        message(serialize.bind({ statement: st.name, values }), serialize.describe({ type: 'P' }), serialize.execute({}), serialize.sync()),
        { syncToFs: false },
      );
      return parse.parseResults(replies, pg.parsers)[0]!.rows as R[];
    });
}
