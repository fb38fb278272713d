import type { JobWithMetadata, PgBoss } from "pg-boss";
import { describeError, RetryLaterError, toJobError } from "../../errors/index.ts";
import type { Logger } from "../../log/logger.ts";
import type { JobRecord } from "../records.ts";
import type { JobError, JobOutcome, JobRunner } from "../runner.ts";
import type { Worker } from "../store.ts";
import { JOB_QUEUE } from "./boss.ts";
import type { Database } from "./database.ts";
import {
  finishJob,
  foldedPayloads,
  type JobEnd,
  recordAttempt,
  requeueJob,
  spentBefore,
  startAttempt,
  triggerPayload,
} from "./jobs.ts";
import { reconcileAbandoned } from "./reconcile.ts";
import { requeueInterrupted } from "./requeue.ts";

export interface WorkerDeps {
  db: Database;
  boss: PgBoss;
  runner: JobRunner;
  logger: Logger;
  concurrency: number;
  now?: () => Date;
  pollingIntervalSeconds?: number;
  /** How often to look for jobs abandoned by a dead worker on their last attempt. */
  reconcileMs?: number;
  /** After the grace period, how long stopped runs get to end before they are requeued from stop(). */
  abortWaitMs?: number;
  /** Told after each attempt: a job that ended may let a pull request's next review job go (the outbox). */
  attemptEnded?: () => void;
}

interface Active {
  jobId: string;
  retryCount: number;
  abort: AbortController;
  /** The run itself is over; what is left (recording the attempt, comments) must not be cut off. */
  ran: boolean;
  /** Requeued by stop() because its run ignored the abort: whatever the run does next is not recorded. */
  abandoned: boolean;
  /** Resolves once the whole attempt, its bookkeeping included, is over. */
  settled: Promise<void>;
}

type Job = JobWithMetadata<{ jobId: string }>;

export async function startWorker(deps: WorkerDeps): Promise<Worker> {
  const active = new Map<string, Active>();
  const workerId = await deps.boss.work(
    JOB_QUEUE,
    {
      batchSize: 1,
      localConcurrency: deps.concurrency,
      includeMetadata: true,
      pollingIntervalSeconds: deps.pollingIntervalSeconds ?? 1,
    },
    async ([job]: Job[]) => {
      if (job) await runAttempt(deps, active, job);
    },
  );

  let reconciling: Promise<unknown> = Promise.resolve();
  const reconcile = () => {
    reconciling = reconcileAbandoned(deps).catch((error: unknown) =>
      deps.logger.error({ err: describeError(error) }, "looking for abandoned jobs failed"),
    );
  };
  const timer = setInterval(reconcile, deps.reconcileMs ?? 60_000);
  timer.unref();
  reconcile();

  return {
    async stop(graceMs) {
      clearInterval(timer);
      await reconciling;
      await deps.boss.offWork(JOB_QUEUE, { id: workerId, wait: false });
      await stopAttempts(deps, active, graceMs);
    },
  };
}

/** One attempt at a job pg-boss handed out: claimed, run, recorded, and then ended, retried or requeued. */
async function runAttempt(deps: WorkerDeps, active: Map<string, Active>, job: Job): Promise<void> {
  const now = deps.now ?? (() => new Date());
  const jobId = job.data.jobId;
  const logger = deps.logger.child({ jobId, attempt: job.retryCount + 1 });
  const claimed = await startAttempt(deps.db, jobId);
  if (!claimed) {
    logger.info("job already ended; nothing to do");
    return;
  }
  const log = logger.child({ deliveryId: claimed.deliveryId, repo: claimed.repo, issue: claimed.issueNumber });
  const abort = new AbortController();
  const finalAttempt = job.retryCount >= job.retryLimit;
  const startedAt = now();
  log.info("job started");
  // Without it the runner reads the issue from the forge instead: worth no failed attempt.
  const trigger = await triggerPayload(deps.db, claimed.deliveryId).catch(() => null);
  const folded =
    claimed.command === "review" ? await foldedPayloads(deps.db, jobId, claimed.deliveryId).catch(() => []) : [];
  const work = (async () => {
    // The caps are per job: a retry starts from what earlier attempts spent. A failed read fails the
    // attempt rather than running it uncapped.
    const spent = claimed.attempts > 1 ? await spentBefore(deps.db, jobId, claimed.attempts) : undefined;
    return deps.runner.run(claimed, {
      logger: log,
      signal: AbortSignal.any([abort.signal, job.signal]),
      attempt: claimed.attempts,
      finalAttempt,
      trigger,
      folded,
      spent,
    });
  })().catch((error: unknown): JobOutcome => ({ status: "failed", error: toJobError(error) }));
  let settle = (): void => {};
  const entry: Active = {
    jobId,
    retryCount: job.retryCount,
    abort,
    ran: false,
    abandoned: false,
    settled: new Promise<void>((resolve) => (settle = resolve)),
  };
  active.set(jobId, entry);
  try {
    const outcome = await work;
    if (entry.abandoned) return;
    entry.ran = true;
    await recordAttempt(deps.db, {
      jobId,
      attempt: claimed.attempts,
      startedAt,
      finishedAt: now(),
      status: outcome.status,
      error: outcome.error ?? null,
      report: outcome.report ?? null,
    });
    await endAttempt(deps, { job: claimed, entry, outcome, finalAttempt, log });
  } finally {
    active.delete(jobId);
    settle();
    deps.attemptEnded?.();
  }
}

/**
 * What happens after a recorded attempt: a success or a denial ends the job; a failure is requeued when a
 * shutdown cut it off, retried (by pg-boss, with its backoff) when it may pass next time and attempts are
 * left, and otherwise ends the job with the failure comment.
 */
async function endAttempt(
  deps: WorkerDeps,
  at: { job: JobRecord; entry: Active; outcome: JobOutcome; finalAttempt: boolean; log: Logger },
): Promise<void> {
  const { job, entry, outcome, log } = at;
  const end = (how: JobEnd) => deps.db.transaction((tx) => finishJob(tx, job.id, how));
  if (outcome.status !== "failed") {
    const next = await end({
      state: outcome.status,
      error: outcome.error?.message ?? null,
      prUrl: outcome.prUrl ?? null,
      branch: outcome.branch ?? null,
    });
    log.info({ status: outcome.status, prUrl: outcome.prUrl, nextJob: next ?? undefined }, "job ended");
    return;
  }
  const error: JobError = outcome.error ?? { message: "the run failed without saying why", retryable: false };
  if (entry.abort.signal.aborted) {
    // A shutdown is not the job's fault: back in the queue without using up an attempt.
    await requeueInterrupted(deps.db, deps.boss, entry);
    log.warn({ err: error.message }, "job interrupted by the shutdown; requeued");
    return;
  }
  if (error.retryable && !at.finalAttempt) {
    await requeueJob(deps.db, job.id, error.message);
    log.warn({ err: error.message }, "job failed; will retry");
    throw new RetryLaterError(error.message);
  }
  log.warn({ err: error.message, code: error.code }, "job failed");
  // The comment first: whoever sees the job failed can find the comment that says why.
  await deps.runner.reportFailure(job, error, { logger: log }).catch((e: unknown) => {
    log.error({ err: describeError(e) }, "could not post the failure comment");
  });
  await end({ state: "failed", error: error.message, branch: outcome.branch ?? null });
}

/** Waits up to `graceMs` for running attempts, then stops the rest and puts them back in the queue. */
async function stopAttempts(deps: WorkerDeps, active: Map<string, Active>, graceMs: number): Promise<void> {
  const deadline = new Promise((resolve) => setTimeout(resolve, graceMs).unref());
  await Promise.race([Promise.allSettled([...active.values()].map((a) => a.settled)), deadline]);
  // An attempt whose run is over is only recording its end: let it, rather than requeue a finished job.
  const finishing = [...active.values()].filter((a) => a.ran).map((a) => a.settled);
  const left = [...active.values()].filter((a) => !a.ran);
  if (left.length === 0) {
    await Promise.allSettled(finishing);
    return;
  }
  deps.logger.warn({ jobs: left.map((a) => a.jobId) }, "grace period over; stopping and requeueing running jobs");
  for (const a of left) a.abort.abort();
  // A stopped run ends within moments (its model call and test run are cut off) and requeues itself.
  const stopped = new Promise((resolve) => setTimeout(resolve, deps.abortWaitMs ?? 3000).unref());
  await Promise.race([Promise.allSettled(left.map((a) => a.settled)), stopped]);
  // One that ignores the abort is requeued from here, and left to the process's exit.
  for (const a of left.filter((e) => !e.ran && active.has(e.jobId))) {
    a.abandoned = true;
    await requeueInterrupted(deps.db, deps.boss, a).catch((error: unknown) =>
      deps.logger.error(
        { jobId: a.jobId, err: describeError(error) },
        "could not requeue the job; its heartbeat will lapse",
      ),
    );
  }
  await Promise.allSettled([...active.values()].filter((a) => a.ran).map((a) => a.settled));
}
