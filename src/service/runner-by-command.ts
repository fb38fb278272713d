import type { JobRecord } from "../queue/index.ts";
import type { JobRunner } from "../queue/runner.ts";

/**
 * Sends each job to the runner of its command: `run` and `retry` to the issue runner, `review` (a review
 * or `/booty` on a pull request) to the review runner. Without a review runner, a review job ends failed
 * at once, saying so: the issue runner must never take a pull request for an issue and open a second one.
 */
export function runnerByCommand(runners: { issue: JobRunner; review?: JobRunner | undefined }): JobRunner {
  const pick = (job: JobRecord): JobRunner | null =>
    job.command === "review" ? (runners.review ?? null) : runners.issue;
  return {
    run(job, ctx) {
      const runner = pick(job);
      if (runner) return runner.run(job, ctx);
      return Promise.resolve({
        status: "failed",
        error: { message: NO_REVIEWS, retryable: false, code: "unsupported" },
      });
    },
    async reportFailure(job, error, ctx) {
      const runner = pick(job);
      if (runner) return runner.reportFailure(job, error, ctx);
      ctx.logger.warn({ jobId: job.id }, NO_REVIEWS);
    },
  };
}

const NO_REVIEWS = "review jobs cannot run: this booty has no review runner";
