import type { ConstructorOptions } from "pg-boss";

export type Row = Record<string, unknown>;

/** Anything that runs one SQL statement: the database itself or an open transaction. */
export interface Sql {
  query<T = Row>(text: string, params?: unknown[]): Promise<{ rows: T[] }>;
}

/**
 * The one database booty keeps everything in (pg-boss's tables and ours), embedded or on a server.
 * Both adapters speak the same SQL, so the store above them has no branch on the backend.
 */
export interface Database extends Sql {
  readonly kind: "pglite" | "postgres";
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T>;
  /** Runs a script of several statements without parameters (schema setup). */
  exec(script: string): Promise<void>;
  /** How pg-boss reaches the same database. */
  bossOptions(): ConstructorOptions;
  close(): Promise<void>;
}
