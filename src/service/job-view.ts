import type { JobRecord, JobsStore, RunRecord } from "../queue/index.ts";

export interface JobView extends JobRecord {
  runs: RunRecord[];
}

/** A job id prefix that more than one job's id starts with. */
export interface AmbiguousJobId {
  ambiguous: string;
  candidates: number;
}

export type JobMatch = JobView | AmbiguousJobId;

export const isAmbiguous = (match: JobMatch): match is AmbiguousJobId => "ambiguous" in match;

/**
 * What `booty job <id>` shows: the job and each attempt's timings, tokens, cost and outcome. `id` may be the
 * start of the id, as git takes a commit's: null when no job's id starts so, and the count when several do.
 */
export async function jobView(store: Omit<JobsStore, "close">, id: string): Promise<JobMatch | null> {
  const { job, candidates } = await store.findJob(id);
  if (candidates > 1) return { ambiguous: id, candidates };
  return job ? { ...job, runs: await store.listRuns(job.id) } : null;
}

/** `booty jobs`' reads; `importRuns` first brings booty run's recorded jobs into the store (ui/local-import.ts). */
export function jobsReader(store: Omit<JobsStore, "close">, importRuns: () => Promise<unknown> = async () => {}) {
  return {
    list: async (limit: number) => {
      await importRuns();
      return store.listJobs(limit);
    },
    get: async (id: string) => {
      await importRuns();
      return jobView(store, id);
    },
    deliveries: (limit: number) => store.listDeliveries(limit),
  };
}
