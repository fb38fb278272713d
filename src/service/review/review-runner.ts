import type { Config } from "../../config/index.ts";
import { describeError, toJobError } from "../../errors/index.ts";
import { reviewAtTrigger } from "../../events/index.ts";
import type { Forge } from "../../forge/index.ts";
import type { Model } from "../../model/index.ts";
import { pipelineDeps } from "../../pipeline/deps.ts";
import type { PushFollowUp, ReviewDeps, ReviewInput, ReviewReport } from "../../pipeline/review/types.ts";
import type { JobOutcome, JobRecord, JobRunner, RunContext } from "../../queue/index.ts";
import { secretForms } from "../../security/redact.ts";
import type { pushFollowUp } from "../../workspace/push-follow-up.ts";
import { denyUnlessWriter, refOf } from "../actor-gate.ts";
import { checkTracker } from "../check-run.ts";
import { failedComment, MARKERS } from "../comments.ts";
import { attemptRunId, discardEarlierAttempts } from "../worktrees.ts";
import { originalIssue, readConversation } from "./conversation.ts";
import { refusalReason } from "./refusal.ts";
import { answerReview } from "./replies.ts";

export interface ReviewRunnerDeps {
  config: Config;
  model: Model;
  forge: Forge;
  runReview(deps: ReviewDeps, input: ReviewInput): Promise<ReviewReport>;
  pushFollowUp: typeof pushFollowUp;
}

/**
 * The work for a review job (`issueNumber` is the pull request's): the actor must have write access,
 * the pull request must be one booty may work on, read fresh from the forge. The pipeline decides on
 * each open request and pushes a follow-up commit when one asks for a change; only then does booty
 * reply in the threads. A failed run replies nowhere and pushed nothing.
 */
export function createReviewRunner(deps: ReviewRunnerDeps): JobRunner {
  const { forge, config } = deps;
  return {
    async run(job, ctx): Promise<JobOutcome> {
      const ref = refOf(job);
      try {
        const denied = await denyUnlessWriter(forge, job, ctx.logger);
        if (denied) return denied;
        const [pull, self, auth] = await Promise.all([
          forge.getPullRequest(ref, job.issueNumber),
          forge.commitIdentity(ref),
          forge.gitAuth(ref),
        ]);
        const refusal = refusalReason(pull, ref, self.name, config.service.reviewAnyPr);
        if (refusal) return await refuse(forge, job, ctx, refusal);
        const trigger = ctx.trigger ? reviewAtTrigger(ctx.trigger) : null;
        const folded = (ctx.folded ?? []).flatMap((payload) => reviewAtTrigger(payload) ?? []);
        const [open, issue] = await Promise.all([
          readConversation(forge, ref, pull, { self: self.name, trigger, folded }),
          originalIssue(forge, ref, pull),
        ]);
        if (open.threads.length === 0 && open.requests.length === 0) {
          ctx.logger.info({ pull: pull.number }, "every review request already has booty's answer: nothing to do");
          return { status: "succeeded", prUrl: pull.url, branch: pull.head.ref };
        }
        await discardEarlierAttempts(config.dataDir, job.id, ctx.attempt);
        const check = checkTracker({ forge, ref, logger: ctx.logger, head: pull.head.sha });
        const push: PushFollowUp = (ws, expected) =>
          forge
            .gitAuth(ref)
            .then((fresh) => deps.pushFollowUp(ws, { remoteUrl: fresh.cloneUrl, token: fresh.token, expected }));
        const report = await deps.runReview(
          {
            ...pipelineDeps(config, { model: deps.model, logger: ctx.logger, progress: check.observe }),
            pushFollowUp: push,
          },
          {
            source: auth.cloneUrl,
            token: auth.token,
            runId: attemptRunId(job.id, ctx.attempt),
            spent: ctx.spent,
            signal: ctx.signal,
            repoFullName: job.repo,
            author: self,
            pull,
            issue,
            open,
          },
        );
        if (report.status !== "succeeded") {
          await check.finish(report);
          const error = report.error ?? { message: "the review run failed", retryable: false };
          return { status: "failed", error, branch: pull.head.ref, report };
        }
        await check.finish(report);
        const secrets = secretForms(auth.token);
        await answerReview({ forge, ref, pull, jobId: job.id, secrets, logger: ctx.logger }, report);
        return { status: "succeeded", prUrl: pull.url, branch: pull.head.ref, report };
      } catch (error) {
        return { status: "failed", error: toJobError(error) };
      }
    },
    async reportFailure(job, error) {
      await forge.ensureComment(refOf(job), job.issueNumber, {
        marker: MARKERS.failed,
        body: failedComment(job, error),
      });
    },
  };
}

/** Says on the pull request why booty will not work on it; the job ends without work. */
async function refuse(forge: Forge, job: JobRecord, ctx: RunContext, reason: string): Promise<JobOutcome> {
  ctx.logger.warn({ reason }, "review refused");
  await forge
    .ensureComment(refOf(job), job.issueNumber, {
      marker: "review-refused",
      body: `booty did not act on this review: ${reason}.`,
    })
    .catch((e: unknown) => ctx.logger.warn({ err: describeError(e) }, "could not say why the review was refused"));
  return { status: "denied", error: { message: reason, code: "refused", retryable: false } };
}
