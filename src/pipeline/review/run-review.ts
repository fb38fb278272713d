import { GitError, UnverifiedError } from "../../errors/index.ts";
import type { IssueAnalysis } from "../../model/schemas/index.ts";
import type { Workspace } from "../../workspace/open.ts";
import { editRungs, writeStaged } from "../apply/index.ts";
import { conventionalTitle } from "../commit/message.ts";
import { fitToBudget } from "../context/budget.ts";
import { generatePromptText } from "../context/prompt-text.ts";
import { generateChanges } from "../generate/generate.ts";
import { checkAnalysis } from "../guard/guard.ts";
import { planRun, type RunPlan } from "../plan/plan.ts";
import { enforcePreflight, runPreflight } from "../preflight/preflight.ts";
import { emitProgress, type ProgressEvent } from "../progress.ts";
import { verificationSummary } from "../publish/verification-summary.ts";
import { verifyMode, verifyStage } from "../run.ts";
import { finishRun, type RunState, recordFailure, recordVerification, startPreflight, startRun } from "../run-state.ts";
import type { IssueInput } from "../types.ts";
import { clipTask } from "./clip-task.ts";
import { decideReview } from "./decide.ts";
import { baseCommitOf, openHead, pullDiff } from "./head.ts";
import { followUpMessage, recoverFollowUp } from "./recover.ts";
import type { ReviewDeps, ReviewInput, ReviewReport, SettledDecision } from "./types.ts";

/**
 * A review job's work on its pull request: decide on each open request, and when any asks for a change,
 * make it on the head branch, verify it, commit it on top and push it (never over someone else's
 * commits). Never throws: the report says what was decided and pushed, or why the run failed, in which
 * case nothing was pushed.
 */
export async function runReview(deps: ReviewDeps, input: ReviewInput): Promise<ReviewReport> {
  const issue = reviewIssue(input);
  const run = startRun(deps, { ...input, issue });
  const report: ReviewReport = Object.assign(run.report, { decisions: [] as SettledDecision[] });
  try {
    await reviewStages(run, deps, input, report);
    report.status = "succeeded";
  } catch (error) {
    recordFailure(run, error);
    delete report.pushed;
  } finally {
    await finishRun(run);
  }
  return report;
}

async function reviewStages(run: RunState, deps: ReviewDeps, input: ReviewInput, report: ReviewReport) {
  const { steps, model, log } = run;
  const { options } = deps;
  const ws = await steps.run("workspace", () => openHead(run, input));
  const recovered = await recoverFollowUp(ws, input.open, input.author);
  if (recovered) {
    log.info({ commit: ws.baseCommit, requests: recovered.length }, "the follow-up is pushed already: only replying");
    report.decisions = recovered;
    report.pushed = ws.baseCommit;
    return;
  }
  const root = ws.root;
  const files = await steps.run("list-files", () => ws.listFiles());
  const target = { fullName: input.repoFullName, path: ws.repoDir };
  // The repository's rules come from the base branch: the head branch is what is under review.
  const plan = await steps.run("plan", async () =>
    planRun({ options, root, files, target, baseCommit: await requireBase(ws, input.pull.base.ref) }),
  );
  run.usage.lower({ maxCostUsd: plan.repoConfig?.maxCostUsd, maxTokens: plan.repoConfig?.maxTokens }, ".booty.yml");
  const preflight = startPreflight(run, () =>
    runPreflight({ createSandbox: deps.createSandbox, plan, root, logger: log, signal: input.signal }),
  );
  const issue = reviewIssue(input);
  const changed = await steps.run("diff", () => pullDiff(ws, input.pull.base.ref));
  const located = await steps.run("localize", () =>
    deps.localize({ root, files, issue, dataDir: options.dataDir, commit: ws.baseCommit, logger: log }),
  );
  const budget = options.maxContextTokens - options.maxOutputTokens;
  const task = clipTask(input.open, changed.diff, Math.floor(budget / 2));
  const seeds = [...input.open.commentedFiles, ...changed.files, ...located.candidateFiles.map((f) => f.path)];
  const paths = [...new Set(seeds)].filter((p) => files.includes(p));
  tell(run, { step: "localized", files: paths.slice(0, 5) });
  const decided = await steps.run(
    "review",
    () =>
      decideReview({
        model,
        logger: log,
        root,
        policy: plan.policy,
        task,
        pull: input.pull,
        issue: input.issue,
        paths,
        budget,
      }),
    (d) => ({ decisions: d.decisions.map((x) => x.action).join(",") }),
  );
  report.decisions = decided.decisions;
  const changes = decided.decisions.filter((d) => d.action === "change");
  await preflight.catch(() => undefined);
  if (changes.length === 0) return;
  // No --no-verify for a review: only the base branch's .booty.yml can make verification optional.
  await enforcePreflight(await preflight, verifyMode(plan, {}));
  const analysis: IssueAnalysis = {
    summary: decided.response.summary,
    commitType: "fix",
    commitScope: "review",
    taskDescription: decided.response.taskDescription,
    filesToModify: [...new Set(changes.flatMap((d) => d.files))],
    filesToCreate: [],
    filesToDelete: [],
    acceptanceCriteria: changes.map((d) => d.reply),
  };
  tell(run, { step: "analysed", summary: analysis.summary, files: analysis.filesToModify });
  await changeAndPush(run, deps, report, {
    ws,
    input,
    plan,
    // The code change sees only what it is asked to change: never the declined or answered requests.
    issue: reviewIssue(input, new Set(changes.map((d) => d.id))),
    analysis,
    changes,
    preflight: await preflight,
    files,
    budget,
  });
}

async function changeAndPush(
  run: RunState,
  deps: ReviewDeps,
  report: ReviewReport,
  o: {
    ws: Workspace;
    input: ReviewInput;
    plan: RunPlan;
    issue: IssueInput;
    analysis: IssueAnalysis;
    changes: SettledDecision[];
    preflight: Awaited<ReturnType<typeof runPreflight>>;
    files: string[];
    budget: number;
  },
): Promise<void> {
  const { steps, model, log } = run;
  const { ws, plan, issue, analysis, budget } = o;
  const { policy } = plan;
  const paths = await steps.run("guard", async () => checkAnalysis(analysis, policy, deps.options.maxFiles));
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

/** The review as the stages that take an issue see it: the pull request and what is asked of it. */
function reviewIssue(input: ReviewInput, only?: ReadonlySet<number>): IssueInput {
  const wanted = (id: number) => only === undefined || only.has(id);
  const asks = [
    ...input.open.threads.filter((t) => wanted(t.id)).map((t) => `${t.path}: ${t.comments.at(-1)?.body ?? ""}`),
    ...input.open.requests.filter((r) => wanted(r.id)).map((r) => r.body),
  ];
  return {
    number: input.pull.number,
    title: `Review of pull request #${input.pull.number}: ${input.pull.title}`,
    body: asks.join("\n\n").slice(0, 20_000) || input.pull.body,
  };
}

/** The job's status comment and check follow the review at the same steps as an issue's run. */
const tell = (run: RunState, event: ProgressEvent) => emitProgress(run.deps.progress, event, run.log);

async function requireBase(ws: Workspace, baseRef: string): Promise<string> {
  const base = await baseCommitOf(ws, baseRef);
  if (base) return base;
  throw new GitError(
    `the pull request's base branch ${baseRef} is not in the repository: its .booty.yml cannot be read`,
    {
      where: baseRef,
    },
  );
}
