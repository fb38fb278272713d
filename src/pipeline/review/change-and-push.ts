/**
 * The review job's follow-up: the change the review asked for, generated, verified, committed on top of
 * the pull request's head and pushed. Nothing is pushed unless the tests pass (or verification is off).
 *
 * Exports: `changeAndPush(run, deps, report, options)`, `FollowUpOptions`, `tell(run, event)`.
 */
import type { Discussion } from "../../discussion/index.ts";
import { UnverifiedError } from "../../errors/index.ts";
import type { IssueAnalysis } from "../../model/schemas/index.ts";
import type { Workspace } from "../../workspace/open.ts";
import { editRungs, writeStaged } from "../apply/index.ts";
import { conventionalTitle } from "../commit/message.ts";
import { fitToBudget } from "../context/budget.ts";
import { generatePromptText } from "../context/prompt-text.ts";
import { generateChanges } from "../generate/generate.ts";
import { checkAnalysis } from "../guard/guard.ts";
import type { RunPlan } from "../plan/plan.ts";
import type { runPreflight } from "../preflight/preflight.ts";
import { emitProgress, type ProgressEvent } from "../progress.ts";
import { verificationSummary } from "../publish/verification-summary.ts";
import { verifyStage } from "../run.ts";
import { type RunState, recordVerification } from "../run-state.ts";
import type { IssueInput } from "../types.ts";
import { followUpMessage } from "./recover.ts";
import type { ReviewDeps, ReviewInput, ReviewReport, SettledDecision } from "./types.ts";

export interface FollowUpOptions {
  ws: Workspace;
  input: ReviewInput;
  plan: RunPlan;
  /**
   * Only what the change is asked to do (never the declined or answered requests); `brief` adds the
   * base commit's guidance for the files it works on.
   */
  issue: IssueInput;
  brief: (issue: IssueInput, paths: readonly string[], discussion?: Discussion) => Promise<IssueInput>;
  analysis: IssueAnalysis;
  changes: SettledDecision[];
  preflight: Awaited<ReturnType<typeof runPreflight>>;
  files: string[];
  budget: number;
}

export async function changeAndPush(
  run: RunState,
  deps: ReviewDeps,
  report: ReviewReport,
  o: FollowUpOptions,
): Promise<void> {
  const { steps, model, log } = run;
  const { ws, plan, analysis, budget } = o;
  const { policy } = plan;
  const paths = await steps.run("guard", async () => checkAnalysis(analysis, policy, deps.options.maxFiles));
  const issue = await o.brief(o.issue, [...o.input.open.commentedFiles, ...paths]);
  const root = ws.root;
  const { maxFiles, editFormat } = deps.options;
  const task = { model, logger: log, root, policy, issue, analysis, maxFiles, editFormat };
  const render = (chosen: { path: string; content: string }[]) => generatePromptText(issue, analysis, chosen);
  const context = await steps.run("context", () => fitToBudget({ model, logger: log, root, paths, budget, render }));
  tell(run, { step: "editing", files: paths });
  const generated = await steps.run("generate", () =>
    generateChanges({ ...task, files: context.files, repoFiles: o.files }),
  );
  report.edits = editRungs(generated.staged);
  await steps.run("apply", () => writeStaged(root, generated.staged, policy));
  const touched = new Set(generated.staged.map((s) => s.path));
  const verification = await steps.run("verify", () =>
    verifyStage(run, { plan, prepared: o.preflight.prepared, touched, task, reproduction: null }),
  );
  recordVerification(report, verification, touched);
  if (!verification.verified && verification.rounds.length > 0) {
    throw new UnverifiedError(
      `the change the review asked for fails the tests (${verification.rounds.at(-1)?.failures.slice(0, 5).join(", ") || "see the log"}): nothing was pushed`,
      { where: "verify" },
    );
  }
  const message = followUpMessage({
    title: conventionalTitle(analysis),
    approach: generated.plan.approach,
    pull: o.input.pull.number,
    changes: o.changes,
  });
  report.commit = await steps.run("commit", () => ws.commit(message, o.input.author));
  report.changedFiles = await ws.changedFiles();
  report.usage = run.usage.totals(model);
  report.verificationSummary = verificationSummary(verification);
  tell(run, { step: "publishing", verified: verification.verified });
  const pushed = await steps.run("publish", () => deps.pushFollowUp(ws, o.input.pull.head.sha));
  report.pushed = pushed.sha;
  const { number, url, draft } = o.input.pull;
  report.published = { number, url, draft };
}

/** The job's status comment and check follow the review at the same steps as an issue's run. */
export const tell = (run: RunState, event: ProgressEvent) => emitProgress(run.deps.progress, event, run.log);
