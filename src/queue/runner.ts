import type { JobError } from "../errors/index.ts";
import type { Logger } from "../log/logger.ts";
import type { JobRecord } from "./records.ts";
import type { StoredReport } from "./store.ts";

export interface RunContext {
  logger: Logger;
  /** Aborted when the process shuts down and the grace period is over. */
  signal: AbortSignal;
  attempt: number;
  /** No retry follows this attempt, whatever happens. */
  finalAttempt: boolean;
  /** The body of the delivery that asked for the job, as signed; null when it is not at hand. */
  trigger: string | null;
  /**
   * The bodies of the deliveries folded into the job while it waited (a pull request's later reviews),
   * oldest first, as signed: each is what its author asked at the time, whatever they edited since.
   */
  folded?: string[] | undefined;
  /** What the job's earlier attempts spent on model calls, from their records; absent on a first attempt. */
  spent?: { inputTokens: number; outputTokens: number; costUsd: number | null } | undefined;
}

export type { JobError } from "../errors/index.ts";

export interface JobOutcome {
  /** `denied`: the job ended without work (the actor may not trigger booty on this repository). */
  status: "succeeded" | "failed" | "denied";
  error?: JobError | undefined;
  prUrl?: string | null | undefined;
  branch?: string | null | undefined;
  report?: StoredReport | null | undefined;
}

/**
 * What the worker runs for each job. The worker owns claiming, retries and bookkeeping; the runner owns
 * the work (permission check, pipeline, push, PR, comments). Tests pass a fake.
 */
export interface JobRunner {
  run(job: JobRecord, ctx: RunContext): Promise<JobOutcome>;
  /** Called once when a job ends failed for good: post the failure comment. */
  reportFailure(job: JobRecord, error: JobError, ctx: { logger: Logger }): Promise<void>;
}
