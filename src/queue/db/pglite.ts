import { linkSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { fromPglite } from "pg-boss";
import { ConfigError } from "../../errors/index.ts";
import { makeTreePrivate } from "../../security/private-tree.ts";
import { processAlive } from "../../system/process-alive.ts";
import type { Database, Sql } from "./database.ts";

/**
 * The embedded database: PostgreSQL compiled to WebAssembly, in `dir`. It admits one process, so a
 * lock file names the owner and a second opener is refused rather than corrupting the files.
 */
export async function openPglite(dir: string): Promise<Database> {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const lock = join(dir, "booty.lock");
  takeLock(lock, dir);
  let pg: PGlite;
  try {
    pg = await PGlite.create(join(dir, "pgdata"));
    await makeTreePrivate(dir);
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

/**
 * Creates the lock file only if there is none (two processes starting at once cannot both succeed). A
 * lock left by a dead process is first moved aside under a name of our own; if what was moved turns out
 * to be a live process's (it took the lock meanwhile), it is put back and we give way.
 */
function takeLock(lock: string, dir: string): void {
  const inUse = (pid: number) =>
    new ConfigError(
      `the embedded database is in use by process ${pid}; stop it, or read jobs through it (booty jobs)`,
      { where: dir },
    );
  for (let tries = 0; tries < 3; tries++) {
    if (createWithPid(lock)) return;
    const owner = lockOwner(lock);
    if (owner === process.pid) return;
    if (owner !== undefined) throw inUse(owner);
    const aside = `${lock}.${process.pid}`;
    try {
      renameSync(lock, aside);
    } catch {
      continue; // someone else moved it first
    }
    const moved = lockOwner(aside);
    if (moved !== undefined && moved !== process.pid) {
      renameSync(aside, lock);
      throw inUse(moved);
    }
    rmSync(aside, { force: true });
  }
  throw new ConfigError("could not take the embedded database's lock file; is another booty starting?", {
    where: lock,
  });
}

/**
 * Creates the lock file with our pid already in it, or returns false when there is one. The pid is
 * written to a file of our own and hard-linked into place: a lock created empty and written after would
 * look, for that moment, like one left by a dead process, and be taken from its live owner.
 */
function createWithPid(lock: string): boolean {
  const mine = `${lock}.${process.pid}.new`;
  writeFileSync(mine, String(process.pid));
  try {
    linkSync(mine, lock);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    return false;
  } finally {
    rmSync(mine, { force: true });
  }
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
