import type { Config } from "../config/index.ts";
import { createGitHubForge, type GitHubAuth } from "../forge/index.ts";
import type { Logger } from "../log/logger.ts";
import { createModel } from "../model/index.ts";
import { runReview } from "../pipeline/review/run-review.ts";
import { runPipeline } from "../pipeline/run.ts";
import type { JobRunner } from "../queue/index.ts";
import { RunningSteps } from "../ui/now-running.ts";
import { deletePushedBranch, pushBranch } from "../workspace/push.ts";
import { pushFollowUp } from "../workspace/push-follow-up.ts";
import { type Acknowledge, createAcknowledger } from "./acknowledge.ts";
import { createIssueLock } from "./issue-lock.ts";
import { createIssueRunner } from "./job-runner.ts";
import { createReviewRunner } from "./review/review-runner.ts";
import { runnerByCommand } from "./runner-by-command.ts";
import type { Clock } from "./status-writer.ts";

/** The production job runner: GitHub (App or token) from the settings, the configured model, the pipeline. */
export function createServiceRunner(
  config: Config,
  logger: Logger,
  /**
   * Tests against the emulator turn GitHub's write pacing off, shorten the retry back-off, and pace the
   * status comment by a clock of their own.
   */
  tuning: { throttle?: boolean; retry?: { retries?: number; baseMs?: number }; clock?: Clock } = {},
): JobRunner & { acknowledge: Acknowledge; steps: RunningSteps } {
  const { clock, ...forgeTuning } = tuning;
  const s = config.service;
  const auth: GitHubAuth =
    s.appId && s.appPrivateKey
      ? { kind: "app", appId: s.appId, privateKey: s.appPrivateKey }
      : { kind: "token", token: s.token ?? "" };
  // One model for both runners: its per-process state (the script model's answers, used in order) is shared.
  const model = createModel(config.model, { logger });
  const forge = createGitHubForge({ apiUrl: s.apiUrl, auth, logger, ...forgeTuning });
  const lock = createIssueLock();
  const steps = new RunningSteps();
  const issue = createIssueRunner({
    steps,
    config,
    model,
    forge,
    lock,
    runPipeline,
    pushBranch,
    deletePushedBranch,
    ...(clock ? { clock } : {}),
  });
  const review = createReviewRunner({
    config,
    model,
    forge,
    lock,
    runReview,
    pushFollowUp,
    ...(clock ? { clock } : {}),
  });
  const acknowledge = createAcknowledger({ forge, logger, branchPrefix: config.branchPrefix, lock });
  return { ...runnerByCommand({ issue, review }), acknowledge, steps };
}
