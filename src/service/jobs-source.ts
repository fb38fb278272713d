import { existsSync } from "node:fs";
import { join } from "node:path";
import type { Config } from "../config/index.ts";
import { InputError } from "../errors/index.ts";
import { type DeliveryView, type JobRecord, lockOwner, openJobsStore } from "../queue/index.ts";
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
  const store = await openJobsStore({ databaseUrl: config.service.databaseUrl, dataDir: config.dataDir });
  const reader = jobsReader(store);
  return { list: reader.list, get: reader.get, deliveries: reader.deliveries, close: () => store.close() };
}
