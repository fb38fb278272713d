import type { JobError } from "../errors/index.ts";
import type { Logger } from "../log/logger.ts";
import type { LocalRun } from "./local-runs.ts";
import type {
  DeliveryQuery,
  DeliveryRecord,
  DeliveryView,
  IntakeResult,
  JobQuery,
  JobRecord,
  JobSummary,
  JobTotals,
  RunRecord,
} from "./records.ts";
import type { JobRunner } from "./runner.ts";

/**
 * What the queue reads from a run's report: its step timings and token usage. The rest of the report is
 * kept as it comes, as JSON, for `booty job <id>`; the queue does not know the pipeline's types.
 */
export interface StoredReport {
  timings: Record<string, number>;
  usage: { inputTokens: number; outputTokens: number; costUsd: number | null };
  /** Whether the change passed the repository's tests (kept in a column of its own for the totals). */
  verified?: boolean | null;
}

/** One attempt at a job, as it is recorded. */
export interface RecordedRun {
  jobId: string;
  attempt: number;
  startedAt: Date;
  finishedAt: Date;
  status: string;
  error: JobError | null;
  report: StoredReport | null;
}

export interface Worker {
  /** Stops claiming, waits up to `graceMs` for running jobs, then puts the rest back in the queue. */
  stop(graceMs: number): Promise<void>;
}

export interface WorkerOptions {
  runner: JobRunner;
  logger: Logger;
  concurrency: number;
  pollingIntervalSeconds?: number;
}

/** Reading jobs, their runs and the deliveries, for `booty jobs`, `booty deliveries` and the jobs API. */
export interface JobsStore {
  listJobs(limit?: number): Promise<JobRecord[]>;
  getJob(id: string): Promise<JobRecord | null>;
  /** The job whose id starts with `prefix` (a job only when exactly one does), and how many do. */
  findJob(prefix: string): Promise<{ job: JobRecord | null; candidates: number }>;
  listRuns(jobId: string): Promise<RunRecord[]>;
  /** The latest deliveries, newest first, each with its outcome: what `booty deliveries` lists. */
  listDeliveries(limit?: number): Promise<DeliveryView[]>;
  /** A page of deliveries, narrowed by outcome and repository, newest first. */
  queryDeliveries(query: DeliveryQuery): Promise<DeliveryView[]>;
  /** A page of jobs, narrowed by state, repository and text, each with whether it was verified. */
  queryJobs(query: JobQuery): Promise<JobSummary[]>;
  /** Each attempt's full report, oldest first (null for an attempt that recorded none). */
  runReports(jobId: string): Promise<{ attempt: number; report: unknown }[]>;
  /** Stores `booty run`'s runs (local-runs.ts) as finished jobs; those stored before are skipped. Returns how many were new. */
  importLocalRuns(runs: LocalRun[]): Promise<number>;
  /** Jobs, successes, verified changes and cost per day and per repository, for jobs created since `since`. */
  jobTotals(since: Date): Promise<JobTotals>;
  close(): Promise<void>;
}

/**
 * The durable queue, as the service sees it: deliveries in, jobs claimed, retried, requeued and recorded.
 * Implemented over PGlite and PostgreSQL with pg-boss (queue/db/); the service knows neither.
 */
export interface Store extends JobsStore {
  /** Which database holds the queue; the embedded one admits a single process. */
  readonly kind: "pglite" | "postgres";
  /** Stores deliveries and their jobs in one transaction, and hands new jobs to the queue. */
  storeDeliveries(records: DeliveryRecord[]): Promise<IntakeResult[]>;
  /** Whether the database answers. */
  ready(): Promise<boolean>;
  /**
   * At start, before any worker: jobs marked running that certainly belong to a dead process (the
   * embedded database admits one) are requeued. Returns the ids of those that may still run elsewhere.
   */
  recover(logger: Logger): Promise<string[]>;
  /**
   * Deletes deliveries older than `days` (never within the replay window), except those a queued or
   * running job or a waiting request still needs. Returns how many went.
   */
  pruneDeliveries(days: number): Promise<number>;
  /** Records one attempt: its outcome, timings, tokens and report. */
  recordRun(run: RecordedRun): Promise<void>;
  /** Claims jobs and runs them; the worker owns retries, requeues on shutdown and the failure comment. */
  startWorker(options: WorkerOptions): Promise<Worker>;
}
