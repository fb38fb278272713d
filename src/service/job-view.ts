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

export function jobsReader(store: Omit<JobsStore, "close">) {
  return {
    list: (limit: number) => store.listJobs(limit),
    get: (id: string) => jobView(store, id),
    deliveries: (limit: number) => store.listDeliveries(limit),
  };
}
