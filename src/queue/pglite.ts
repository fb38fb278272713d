import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { fromPglite } from "pg-boss";
import { ConfigError } from "../errors/index.ts";
import type { Database, Sql } from "./db.ts";
import { processAlive } from "./process-alive.ts";

/**
 * The embedded database: PostgreSQL compiled to WebAssembly, in `dir`. It admits one process, so a
 * lock file names the owner and a second opener is refused rather than corrupting the files.
 */
export async function openPglite(dir: string): Promise<Database> {
  mkdirSync(dir, { recursive: true });
  const lock = join(dir, "booty.lock");
  const owner = lockOwner(lock);
  if (owner !== undefined && owner !== process.pid) {
    throw new ConfigError(
      `the embedded database is in use by process ${owner}; stop it, or read jobs through it (booty jobs)`,
      { where: dir },
    );
  }
  writeFileSync(lock, String(process.pid));
  let pg: PGlite;
  try {
    pg = await PGlite.create(join(dir, "pgdata"));
  } catch (error) {
    rmSync(lock, { force: true });
    throw new ConfigError(`cannot open the embedded database: ${String(error)}`, { where: dir, cause: error });
  }
  const asSql = (q: { query: PGlite["query"] }): Sql => ({
    query: async (text, params) => ({ rows: (await q.query(text, params)).rows as never[] }),
  });
  return {
    kind: "pglite",
    ...asSql(pg),
    transaction: (fn) => pg.transaction((tx) => fn(asSql(tx))),
    exec: async (script) => {
      await pg.exec(script);
    },
    bossOptions: () => ({ db: fromPglite(pg), backend: "pglite" }),
    close: async () => {
      await pg.close();
      rmSync(lock, { force: true });
    },
  };
}

/** The pid in the lock file if that process is still alive. */
export function lockOwner(lock: string): number | undefined {
  let pid: number;
  try {
    pid = Number(readFileSync(lock, "utf8").trim());
  } catch {
    return undefined;
  }
  return processAlive(pid) ? pid : undefined;
}
