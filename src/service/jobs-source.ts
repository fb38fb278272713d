import { existsSync } from "node:fs";
import { join } from "node:path";
import type { Config } from "../config/index.ts";
import { InputError } from "../errors/index.ts";
import type { Database } from "../queue/db.ts";
import { lockOwner } from "../queue/pglite.ts";
import { openDatabase } from "../queue/store.ts";
import type { DeliveryView, JobRecord } from "../queue/types.ts";
import { readControlFile } from "./control-file.ts";
import { type JobMatch, jobsReader } from "./job-view.ts";

export interface JobsSource {
  list(limit: number): Promise<JobRecord[]>;
  /** The job whose id starts with `id`; null when none does, the count when several do. */
  get(id: string): Promise<JobMatch | null>;
  /** The latest deliveries and what became of each, newest first. */
  deliveries(limit: number): Promise<DeliveryView[]>;
  close(): Promise<void>;
}

/**
 * Where `booty jobs` reads from: PostgreSQL directly; the embedded database through the running
 * `booty serve` that holds it (PGlite admits one process); or the embedded files when nothing runs.
 */
export async function openJobsSource(config: Config, fetchImpl: typeof fetch = fetch): Promise<JobsSource> {
  const control = readControlFile(config.dataDir);
  const dbDir = join(config.dataDir, "db");
  if (!config.service.databaseUrl && control && lockOwner(join(dbDir, "booty.lock")) === control.pid) {
    const get = async (path: string) => {
      const res = await fetchImpl(`${control.url}${path}`, { headers: { authorization: `Bearer ${control.token}` } });
      if (res.status === 404) return null;
      if (res.status === 409) return res.json() as Promise<unknown>;
      if (!res.ok) throw new InputError(`booty serve answered ${res.status}`, { where: `${control.url}${path}` });
      return res.json() as Promise<unknown>;
    };
    return {
      list: async (limit) => ((await get(`/api/jobs?limit=${limit}`)) as { jobs: JobRecord[] }).jobs,
      get: async (id) => (await get(`/api/jobs/${encodeURIComponent(id)}`)) as JobMatch | null,
      deliveries: async (limit) =>
        ((await get(`/api/deliveries?limit=${limit}`)) as { deliveries: DeliveryView[] }).deliveries,
      close: async () => {},
    };
  }
  if (!config.service.databaseUrl && !existsSync(join(dbDir, "pgdata"))) {
    return { list: async () => [], get: async () => null, deliveries: async () => [], close: async () => {} };
  }
  const db = await openDatabase({ databaseUrl: config.service.databaseUrl, dataDir: config.dataDir });
  const ready = await hasTables(db);
  const reader = jobsReader(db);
  return {
    list: async (limit) => (ready ? reader.list(limit) : []),
    get: async (id) => (ready ? reader.get(id) : null),
    deliveries: async (limit) => (ready ? reader.deliveries(limit) : []),
    close: () => db.close(),
  };
}

async function hasTables(db: Database): Promise<boolean> {
  const { rows } = await db.query<{ t: string | null }>("SELECT to_regclass('booty.jobs')::text AS t");
  return rows[0]?.t != null;
}
