import { findJobByPrefix, listDeliveries, listJobs, listRuns, type Sql } from "../queue/index.ts";
import type { JobRecord, RunRecord } from "../queue/types.ts";

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
export async function jobView(db: Sql, id: string): Promise<JobMatch | null> {
  const { job, candidates } = await findJobByPrefix(db, id);
  if (candidates > 1) return { ambiguous: id, candidates };
  return job ? { ...job, runs: await listRuns(db, job.id) } : null;
}

export function jobsReader(db: Sql) {
  return {
    list: (limit: number) => listJobs(db, limit),
    get: (id: string) => jobView(db, id),
    deliveries: (limit: number) => listDeliveries(db, limit),
  };
}
