// The one database seam of the ledger: a PostgreSQL-dialect connection with two implementations,
// embedded PGlite (ledger/pglite.ts) and a real server through `pg` (ledger/postgres.ts). Every
// query in ledger/ is written once and runs unchanged on both.

export interface QueryOptions {
  /**
   * Keep the statement prepared on its connection and reuse its plan (the ledger write's fixed
   * statements, run on every change of every ticket: planning was most of their cost). Only for
   * SQL whose text never varies; ignored where a connection cannot keep it (PGlite outside a
   * transaction).
   */
  prepare?: boolean;
}

/** The option of the ledger write's fixed statements. */
export const PREPARE: QueryOptions = { prepare: true };

/** Something SQL can be sent to: the database itself, or an open transaction. */
export interface Queryable {
  /** One statement with $1, $2 … parameters; resolves to the rows it returned (none for DML without RETURNING). */
  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[], options?: QueryOptions): Promise<R[]>;
  /** A script of several statements, no parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export interface LedgerDb extends Queryable {
  readonly dialect: 'pglite' | 'postgres';
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/**
 * Lock keys (pg_advisory_xact_lock). The one-key (bigint) and two-key (int4, int4) forms are
 * separate key spaces, so the migration lock can never collide with a per-ticket lock.
 */
export const MIGRATION_LOCK_KEY = 1_234_512_345;
export const TICKET_LOCK_SPACE = 12_345;
