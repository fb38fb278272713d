export { DEFAULT_RETRY, JOB_QUEUE, type RetryPolicy } from "./boss.ts";
export type { Database, Sql } from "./db.ts";
export { insertDeliveries } from "./deliveries.ts";
export { createIntakeWriter, type IntakeWriter } from "./intake-writer.ts";
export { finishJob, getJob, listJobs, listRuns, runningJobIds } from "./jobs.ts";
export type { JobError, JobOutcome, JobRunner, RunContext } from "./runner.ts";
export { openDatabase, openStore, type Store, type StoreOptions } from "./store.ts";
export type * from "./types.ts";
export { recoverOrphans, startWorker, type Worker } from "./worker.ts";
