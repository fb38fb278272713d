import { getJob, listJobs, listRuns, type Sql } from "../queue/index.ts";
import type { JobRecord, RunRecord } from "../queue/types.ts";

export interface JobView extends JobRecord {
  runs: RunRecord[];
}

/** What `booty job <id>` shows: the job and each attempt's timings, tokens, cost and outcome. */
export async function jobView(db: Sql, id: string): Promise<JobView | null> {
  const job = await getJob(db, id);
  return job ? { ...job, runs: await listRuns(db, id) } : null;
}

export function jobsReader(db: Sql) {
  return { list: (limit: number) => listJobs(db, limit), get: (id: string) => jobView(db, id) };
}
