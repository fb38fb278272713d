import type { Config } from "../config/index.ts";
import { collectDiscussion } from "../discussion/index.ts";
import { describeError, toJobError } from "../errors/index.ts";
import { issueAtTrigger, triggerTime } from "../events/index.ts";
import type { Forge, OpenPullRequest, RepoRef } from "../forge/index.ts";
import type { Logger } from "../log/logger.ts";
import type { Model } from "../model/index.ts";
import type { ProgressObserver } from "../pipeline/progress.ts";
import { createForgePublisher } from "../pipeline/publish/index.ts";
import { type PipelineDeps, type PipelineInput, pipelineDeps } from "../pipeline/run.ts";
import type { RunReport } from "../pipeline/types.ts";
import type { JobOutcome, JobRecord, JobRunner, RunContext } from "../queue/index.ts";
import type { RunningSteps } from "../ui/now-running.ts";
import { branchName } from "../workspace/branch.ts";
import type { Pushed, PushOptions } from "../workspace/push.ts";
import type { Workspace } from "../workspace/workspace.ts";
import { denyUnlessWriter, refOf } from "./actor-gate.ts";
import { checkTracker } from "./check-run.ts";
import { doneComment, failedComment, MARKERS, startedComment, stoppedComment } from "./comments.ts";
import { createIssueLock, type IssueLock, issueKey } from "./issue-lock.ts";
import { type StatusComment, statusComment } from "./status-comment.ts";
import { type Clock, systemClock } from "./status-writer.ts";
import { attemptRunId, discardEarlierAttempts } from "./worktrees.ts";

export interface IssueRunnerDeps {
  config: Config;
  model: Model;
  forge: Forge;
  runPipeline(deps: PipelineDeps, input: PipelineInput): Promise<RunReport>;
  pushBranch(ws: Workspace, opts: PushOptions): Promise<Pushed>;
  deletePushedBranch(ws: Workspace, pushed: Pushed, opts: PushOptions): Promise<void>;
  /** Paces the status comment's edits; tests pass one they move by hand. */
  clock?: Clock;
  /** Shared with the intake's acknowledger, whose "queued" comment must not race the first write here. */
  lock?: IssueLock;
  /** Where the dashboard reads what each running job does now. */
  steps?: RunningSteps;
}

/**
 * The work for one job: check the actor may trigger booty, say so on the issue, run the pipeline on a
 * fresh clone, whose publish stage pushes the branch and opens or updates the PR (before its cleanup).
 * Every forge write is idempotent, so an attempt repeated after a crash still ends with one PR and one
 * start comment.
 */
export function createIssueRunner(deps: IssueRunnerDeps): JobRunner {
  const { forge } = deps;
  const lock = deps.lock ?? createIssueLock();
  // Best effort: without the lookup the comment only lacks the link, which is no reason to fail the job.
  const openPull = (ref: RepoRef, branch: string, logger: Logger) =>
    forge.findPullRequest(ref, branch).catch((error: unknown) => {
      logger.warn({ err: describeError(error) }, "could not look up the issue's open pull request");
      return null;
    });
  return {
    async run(job, ctx): Promise<JobOutcome> {
      const ref = refOf(job);
      let status: StatusComment | undefined;
      try {
        const denied = await denyUnlessWriter(forge, job, { logger: ctx.logger, lock });
        if (denied) return denied;
        // The issue as it was when the work was asked for: its author may lack write access, and could
        // otherwise rewrite what a maintainer approved while the job waits.
        // Its comments likewise: none written or edited after the trigger.
        const asked = ctx.trigger ? issueAtTrigger(ctx.trigger) : null;
        const triggerAt = ctx.trigger ? triggerTime(ctx.trigger) : null;
        const [issue, discussion, repo, auth, author] = await Promise.all([
          asked ?? forge.getIssue(ref, job.issueNumber),
          collectDiscussion({ forge, ref, number: job.issueNumber, triggerAt }),
          forge.getRepository(ref),
          forge.gitAuth(ref),
          forge.commitIdentity(ref),
        ]);
        const branch = branchName(deps.config.branchPrefix, job.issueNumber, issue.title);
        const openBefore = await openPull(ref, branch, ctx.logger);
        const head = startedComment(job, openBefore);
        const started = await lock.run(issueKey(job.repo, job.issueNumber), () =>
          forge.ensureComment(ref, job.issueNumber, { marker: MARKERS.started, body: head }),
        );
        const clock = deps.clock ?? systemClock;
        status = statusComment({ forge, ref, job, head, clock, logger: ctx.logger });
        const check = checkTracker({ forge, ref, logger: ctx.logger, detailsUrl: started.url });
        const observe = status.observe;
        const progress: ProgressObserver = (event) => {
          observe(event);
          check.observe(event);
          deps.steps?.note(job.id, event);
        };
        await discardEarlierAttempts(deps.config.dataDir, job.id, ctx.attempt);
        const publisher = publisherFor(deps, { ref, job, title: issue.title, baseBranch: repo.defaultBranch, ctx });
        const report = await deps.runPipeline(
          pipelineDeps(deps.config, { model: deps.model, logger: ctx.logger, publisher, progress }),
          {
            source: auth.cloneUrl,
            issue: { number: job.issueNumber, title: issue.title, body: issue.body },
            discussion,
            baseBranch: repo.defaultBranch,
            token: auth.token,
            runId: attemptRunId(job.id, ctx.attempt),
            spent: ctx.spent,
            signal: ctx.signal,
            repoFullName: repo.fullName,
            // The App's bot commits in its own name: its noreply address credits no one else.
            author,
          },
        );
        await check.finish(report);
        return await endRun(status, { job, ctx, report, branch, openPull, openBefore });
      } catch (error) {
        status?.abandon();
        return { status: "failed", error: toJobError(error) };
      } finally {
        deps.steps?.done(job.id);
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

/** Pushes the run's branch and opens or updates its pull request, labelled as booty's. */
function publisherFor(
  deps: IssueRunnerDeps,
  o: { ref: RepoRef; job: JobRecord; title: string; baseBranch: string; ctx: RunContext },
) {
  return createForgePublisher({
    forge: deps.forge,
    ref: o.ref,
    issue: { number: o.job.issueNumber, title: o.title },
    baseBranch: o.baseBranch,
    labels: [deps.config.service.triggerLabel],
    logger: o.ctx.logger,
    pushBranch: deps.pushBranch,
    deletePushedBranch: deps.deletePushedBranch,
  });
}

/** Says on the issue how the run ended: the pull request, or why it stopped and whether it tries again. */
async function endRun(
  status: StatusComment,
  run: {
    job: JobRecord;
    ctx: RunContext;
    report: RunReport;
    branch: string;
    openPull: (ref: RepoRef, branch: string, logger: Logger) => Promise<OpenPullRequest | null>;
    /** The pull request that was open before this attempt started: the run updated it rather than opened it. */
    openBefore: OpenPullRequest | null;
  },
): Promise<JobOutcome> {
  const { job, ctx, report, branch, openPull, openBefore } = run;
  const ref = refOf(job);
  const published = report.published;
  if (report.status === "succeeded" && published) {
    const updated = openBefore?.number === published.number && openedBefore(openBefore, job, ctx.attempt);
    await status.finish(doneComment(job, published, published.draft, report.usage, { updated }), {
      signal: ctx.signal,
    });
    return { status: "succeeded", prUrl: published.url, branch: report.branch, report };
  }
  const error = report.error ?? { message: "the run ended without a pull request", retryable: false };
  // An earlier run's pull request (or this one's, published before a later step failed) stays linked.
  const open = report.published ?? (await openPull(ref, branch, ctx.logger));
  const final = ctx.finalAttempt || error.retryable !== true;
  await status
    .finish(stoppedComment(job, ctx.attempt, error, { final, open, usage: report.usage }), {
      error,
      signal: ctx.signal,
    })
    .catch((e: unknown) => ctx.logger.warn({ err: describeError(e) }, "could not update the status comment"));
  return { status: "failed", error, branch: report.branch, report };
}

/**
 * Whether the pull request was open before the job was asked for: a retry after a crash finds the one
 * its own first attempt opened, which it did not update. Without the forge's date, only a first attempt
 * can tell.
 */
function openedBefore(pull: OpenPullRequest, job: JobRecord, attempt: number): boolean {
  if (!pull.createdAt) return attempt === 1;
  return Date.parse(pull.createdAt) < Date.parse(job.createdAt);
}
