export { processAlive } from "../system/process-alive.ts";
export { DEFAULT_RETRY, JOB_QUEUE, type RetryPolicy } from "./db/boss.ts";
export { openJobsStore, openStore, type StoreOptions } from "./db/open-store.ts";
export { lockOwner } from "./db/pglite.ts";
export { JOB_ID_PREFIX, jobIdFor } from "./job-id.ts";
export {
  appendLocalRun,
  type LocalRun,
  LocalRunsFile,
  localJobId,
  localRepoName,
  localRunsPath,
} from "./local-runs.ts";
export type * from "./records.ts";
export { FOLDED_OUTCOME } from "./records.ts";
export type { JobError, JobOutcome, JobRunner, RunContext } from "./runner.ts";
export type { JobsStore, RecordedRun, Store, StoredReport, Worker, WorkerOptions } from "./store.ts";
