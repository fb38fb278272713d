import { existsSync } from "node:fs";
import { join } from "node:path";
import type { Config } from "../config/index.ts";
import { InputError } from "../errors/index.ts";
import { type Logger, silentLogger } from "../log/logger.ts";
import { type DeliveryView, type JobRecord, localRunsPath, lockOwner, openJobsStore } from "../queue/index.ts";
import { localRunsImporter } from "../ui/local-import.ts";
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
 * booty run's jobs, recorded in the data dir's runs.jsonl, are imported first, as the dashboard does.
 */
export async function openJobsSource(
  config: Config,
  o: { fetchImpl?: typeof fetch; logger?: Logger } = {},
): Promise<JobsSource> {
  const fetchImpl = o.fetchImpl ?? fetch;
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
  const localRuns = existsSync(localRunsPath(config.dataDir));
  if (!config.service.databaseUrl && !existsSync(join(dbDir, "pgdata")) && !localRuns) {
    return { list: async () => [], get: async () => null, deliveries: async () => [], close: async () => {} };
  }
  const { databaseUrl } = config.service;
  const store = await openJobsStore({ databaseUrl, dataDir: config.dataDir, create: localRuns });
  const reader = jobsReader(store, localRunsImporter(config.dataDir, store, o.logger ?? silentLogger()));
  return { list: reader.list, get: reader.get, deliveries: reader.deliveries, close: () => store.close() };
}
