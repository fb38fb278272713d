import type { Config } from "../../config/index.ts";
import { describeError, toJobError } from "../../errors/index.ts";
import { reviewAtTrigger, triggerTime } from "../../events/index.ts";
import type { Forge, GitAuth, PullRequest } from "../../forge/index.ts";
import { commentMarker } from "../../forge/marker.ts";
import type { Model } from "../../model/index.ts";
import { pipelineDeps } from "../../pipeline/deps.ts";
import type { ProgressObserver } from "../../pipeline/progress.ts";
import type { PushFollowUp, ReviewDeps, ReviewInput, ReviewReport } from "../../pipeline/review/types.ts";
import type { JobError, JobOutcome, JobRecord, JobRunner, RunContext } from "../../queue/index.ts";
import { secretForms } from "../../security/redact.ts";
import type { pushFollowUp } from "../../workspace/push-follow-up.ts";
import type { Author } from "../../workspace/workspace.ts";
import { deniedOutcome, lackingPermission, refOf } from "../actor-gate.ts";
import { checkTracker } from "../check-run.ts";
import type { Spent } from "../comments.ts";
import { createIssueLock, type IssueLock, issueKey } from "../issue-lock.ts";
import { type StatusComment, statusComment } from "../status-comment.ts";
import { type Clock, systemClock } from "../status-writer.ts";
import { attemptRunId, discardEarlierAttempts } from "../worktrees.ts";
import { issueDiscussion, originalIssue, readConversation } from "./conversation.ts";
import { refusalReason } from "./refusal.ts";
import { answerReview } from "./replies.ts";
import {
  pushedIn,
  REVIEW_FAILED_MARKER,
  reviewDoneComment,
  reviewFailedComment,
  reviewIdleComment,
  reviewRefusedComment,
  reviewStartedComment,
  reviewStatusMarker,
  reviewStoppedComment,
} from "./review-comments.ts";

export interface ReviewRunnerDeps {
  config: Config;
  model: Model;
  forge: Forge;
  runReview(deps: ReviewDeps, input: ReviewInput): Promise<ReviewReport>;
  pushFollowUp: typeof pushFollowUp;
  /** Paces the status comment's edits; tests pass one they move by hand. */
  clock?: Clock;
  /** Shared with the intake's acknowledger, whose "queued" comment must not race the first write here. */
  lock?: IssueLock;
}

/** What a review job works with once it may work on the pull request. */
interface ReviewWork {
  job: JobRecord;
  ctx: RunContext;
  pull: PullRequest;
  self: Author;
  auth: GitAuth;
  status: StatusComment;
  /** The commit an earlier attempt of this job pushed before it stopped, if any. */
  earlier: string | null;
  /** The job's status comment: booty's check links it. */
  statusUrl: string;
}

/**
 * The work for a review job (`issueNumber` is the pull request's): the actor must have write access,
 * the pull request must be one booty may work on, read fresh from the forge. The pipeline decides on
 * each open request and pushes a follow-up commit when one asks for a change; only then does booty
 * reply in the threads. A failed run replies nowhere and pushed nothing. Throughout, the job's status
 * comment on the pull request says where it is, and in the end what it did and spent.
 */
export function createReviewRunner(deps: ReviewRunnerDeps): JobRunner {
  const { forge, config } = deps;
  const lock = deps.lock ?? createIssueLock();
  return {
    async run(job, ctx): Promise<JobOutcome> {
      const ref = refOf(job);
      let status: StatusComment | undefined;
      let earlier: string | null = null;
      try {
        const permission = await lackingPermission(forge, job);
        if (permission !== null) {
          const reason = `it only works for people with write access to this repository, and @${job.actor} does not have it`;
          await refuse({ forge, lock }, job, ctx, reason);
          return deniedOutcome(job, permission);
        }
        const [pull, self, auth] = await Promise.all([
          forge.getPullRequest(ref, job.issueNumber),
          forge.commitIdentity(ref),
          forge.gitAuth(ref),
        ]);
        const refusal = refusalReason(pull, ref, self.name, config.service.reviewAnyPr);
        if (refusal) return await refuse({ forge, lock }, job, ctx, refusal);
        const marker = reviewStatusMarker(job.id);
        earlier = await earlierPush(forge, job, ctx, self.name);
        const head = reviewStartedComment(job, earlier);
        const started = await lock.run(issueKey(job.repo, job.issueNumber), () =>
          forge.ensureComment(ref, job.issueNumber, { marker, body: head }),
        );
        const clock = deps.clock ?? systemClock;
        status = statusComment({ forge, ref, job, head, marker, clock, logger: ctx.logger });
        return await review(deps, { job, ctx, pull, self, auth, status, earlier, statusUrl: started.url });
      } catch (error) {
        const failure = toJobError(error);
        if (status) await finishStopped(status, job, ctx, failure, { pushed: earlier });
        else await stoppedBeforeStart({ forge, lock }, job, ctx, failure);
        return { status: "failed", error: failure };
      }
    },
    async reportFailure(job, error) {
      await forge.ensureComment(refOf(job), job.issueNumber, {
        marker: REVIEW_FAILED_MARKER,
        body: reviewFailedComment(job, error),
      });
    },
  };
}

/** Reads what is still asked, runs the review pipeline, and replies once its follow-up is on the forge. */
async function review(deps: ReviewRunnerDeps, w: ReviewWork): Promise<JobOutcome> {
  const { forge, config } = deps;
  const { job, ctx, pull, self, auth, status, earlier } = w;
  const ref = refOf(job);
  const trigger = ctx.trigger ? reviewAtTrigger(ctx.trigger) : null;
  const folded = (ctx.folded ?? []).flatMap((payload) => reviewAtTrigger(payload) ?? []);
  const [open, issue] = await Promise.all([
    readConversation(forge, ref, pull, { self: self.name, trigger, folded, actor: job.actor }),
    originalIssue(forge, ref, pull),
  ]);
  const triggerAt = ctx.trigger ? triggerTime(ctx.trigger) : null;
  const discussion = await issueDiscussion(forge, ref, issue, { triggerAt, logger: ctx.logger });
  if (open.threads.length === 0 && open.requests.length === 0) {
    ctx.logger.info({ pull: pull.number }, "every review request already has booty's answer: nothing to do");
    await status.finish(reviewIdleComment(job), { signal: ctx.signal });
    return { status: "succeeded", prUrl: pull.url, branch: pull.head.ref };
  }
  await discardEarlierAttempts(config.dataDir, job.id, ctx.attempt);
  const check = checkTracker({ forge, ref, logger: ctx.logger, head: pull.head.sha, detailsUrl: w.statusUrl });
  const progress: ProgressObserver = (event) => {
    status.observe(event);
    check.observe(event);
  };
  const push: PushFollowUp = (ws, expected) =>
    forge
      .gitAuth(ref)
      .then((fresh) => deps.pushFollowUp(ws, { remoteUrl: fresh.cloneUrl, token: fresh.token, expected }));
  const report = await deps.runReview(
    { ...pipelineDeps(config, { model: deps.model, logger: ctx.logger, progress }), pushFollowUp: push },
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
      discussion,
      open,
    },
  );
  await check.finish(report);
  if (report.status !== "succeeded") {
    const error = report.error ?? { message: "the review run failed", retryable: false };
    await finishStopped(status, job, ctx, error, { pushed: earlier, usage: report.usage });
    return { status: "failed", error, branch: pull.head.ref, report };
  }
  const secrets = secretForms(auth.token);
  const unanswered = await answerReview({ forge, ref, pull, jobId: job.id, secrets, logger: ctx.logger }, report).then(
    () => null,
    (error: unknown) => toJobError(error),
  );
  if (unanswered) {
    // The follow-up is on the branch already: the next attempt finds it and only replies.
    await finishStopped(status, job, ctx, unanswered, { pushed: report.pushed ?? earlier, usage: report.usage });
    return { status: "failed", error: unanswered, branch: pull.head.ref, report };
  }
  await status.finish(reviewDoneComment(job, report), { signal: ctx.signal });
  return { status: "succeeded", prUrl: pull.url, branch: pull.head.ref, report };
}

/** Says on the pull request why booty will not work on it, in the job's status comment; the job ends without work. */
async function refuse(
  deps: { forge: Forge; lock: IssueLock },
  job: JobRecord,
  ctx: RunContext,
  reason: string,
): Promise<JobOutcome> {
  ctx.logger.warn({ reason }, "review refused");
  const write = () =>
    deps.forge.ensureComment(refOf(job), job.issueNumber, {
      marker: reviewStatusMarker(job.id),
      body: reviewRefusedComment(reason),
    });
  await deps.lock
    .run(issueKey(job.repo, job.issueNumber), write)
    .catch((e: unknown) => ctx.logger.warn({ err: describeError(e) }, "could not say why the review was refused"));
  return { status: "denied", error: { message: reason, code: "refused", retryable: false } };
}

/**
 * An attempt that failed before its status comment took over (the pull request or the credentials could
 * not be read): the comment the intake left saying "queued" says why instead. Best effort.
 */
async function stoppedBeforeStart(
  deps: { forge: Forge; lock: IssueLock },
  job: JobRecord,
  ctx: RunContext,
  error: JobError,
): Promise<void> {
  const final = ctx.finalAttempt || error.retryable !== true;
  const write = async () => {
    // A later attempt keeps naming what an earlier one pushed; without knowing it, nothing is written.
    const self = ctx.attempt > 1 ? (await deps.forge.commitIdentity(refOf(job))).name : "";
    const pushed = (await earlierPush(deps.forge, job, ctx, self)) ?? undefined;
    const body = reviewStoppedComment(job, ctx.attempt, error, { final, pushed });
    await deps.forge.ensureComment(refOf(job), job.issueNumber, { marker: reviewStatusMarker(job.id), body });
  };
  await deps.lock
    .run(issueKey(job.repo, job.issueNumber), write)
    .catch((e: unknown) => ctx.logger.warn({ err: describeError(e) }, "could not update the status comment"));
}

/** The status comment's last text for a failed attempt; a failure to write it is only logged. */
async function finishStopped(
  status: StatusComment,
  job: JobRecord,
  ctx: RunContext,
  error: JobError,
  o: { pushed?: string | null | undefined; usage?: Spent | undefined } = {},
): Promise<void> {
  const final = ctx.finalAttempt || error.retryable !== true;
  await status
    .finish(reviewStoppedComment(job, ctx.attempt, error, { final, pushed: o.pushed ?? undefined, usage: o.usage }), {
      error,
      signal: ctx.signal,
    })
    .catch((e: unknown) => ctx.logger.warn({ err: describeError(e) }, "could not update the status comment"));
}

/**
 * On a retry, the commit an earlier attempt pushed before it stopped (its replies failed), as that
 * attempt's status comment says: the new attempt's texts go on naming it. Best effort: null without it.
 */
async function earlierPush(forge: Forge, job: JobRecord, ctx: RunContext, self: string): Promise<string | null> {
  if (ctx.attempt <= 1) return null;
  const marker = commentMarker(reviewStatusMarker(job.id));
  const comments = await forge.listIssueComments(refOf(job), job.issueNumber).catch((e: unknown) => {
    ctx.logger.warn({ err: describeError(e) }, "could not read the job's status comment");
    return [];
  });
  const mine = comments.find((c) => c.author === self && c.body.includes(marker));
  return mine ? pushedIn(mine.body) : null;
}
