import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after } from "node:test";
import { silentLogger } from "../../../src/log/logger.ts";
import { openStore, type PgStore } from "../../../src/queue/db/open-store.ts";
import type { RetryPolicy } from "../../../src/queue/index.ts";
import { startTestPostgres, type TestPostgres } from "./postgres.ts";

export interface Backend {
  name: "pglite" | "postgres";
  /** Where a store for one test lives: a data dir for PGlite, a fresh database URL for PostgreSQL. */
  location(): Promise<{ dataDir: string; databaseUrl?: string }>;
}

export const FAST_RETRY: RetryPolicy = { retryLimit: 2, retryDelay: 1, retryDelayMax: 1 };

/** Both backends of the queue conformance suite; PostgreSQL only when a server could be started. */
export async function backends(): Promise<Backend[]> {
  const dirs: string[] = [];
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), "booty-store-"));
    dirs.push(dir);
    return dir;
  };
  let server: TestPostgres | null = null;
  after(async () => {
    await server?.stop();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });
  // initdb of an embedded database takes seconds: make one, then copy it for each test.
  let template: string | null = null;
  const pgliteDir = async () => {
    if (!template) {
      template = tempDir();
      const store = await openStore({ dataDir: template, logger: silentLogger() });
      await store.close();
    }
    const dir = tempDir();
    cpSync(template, dir, { recursive: true });
    return dir;
  };
  const list: Backend[] = [{ name: "pglite", location: async () => ({ dataDir: await pgliteDir() }) }];
  server = await startTestPostgres();
  if (server) {
    const pgServer = server;
    list.push({
      name: "postgres",
      location: async () => ({ dataDir: tempDir(), databaseUrl: await pgServer.createDatabase() }),
    });
  }
  return list;
}

export async function openTestStore(backend: Backend, retry: RetryPolicy = FAST_RETRY): Promise<PgStore> {
  return openStore({ ...(await backend.location()), logger: silentLogger(), retry });
}
