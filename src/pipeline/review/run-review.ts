import { GitError } from "../../errors/index.ts";
import type { IssueAnalysis } from "../../model/schemas/index.ts";
import type { Workspace } from "../../workspace/open.ts";
import { briefIssue } from "../context/briefing.ts";
import { planRun } from "../plan/plan.ts";
import { enforcePreflight, runPreflight } from "../preflight/preflight.ts";
import { verifyMode } from "../run.ts";
import { applyRepoCaps, finishRun, type RunState, recordFailure, startPreflight, startRun } from "../run-state.ts";
import type { IssueInput } from "../types.ts";
import { changeAndPush, type FollowUpOptions, tell } from "./change-and-push.ts";
import { clipTask } from "./clip-task.ts";
import { type Decided, decideReview } from "./decide.ts";
import { baseCommitOf, openHead, pullDiff } from "./head.ts";
import { recoverFollowUp } from "./recover.ts";
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
  const { steps, log } = run;
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
  // The repository's rules and guidance come from the base branch: the head branch is what is under review.
  const { plan, base } = await steps.run("plan", async () => {
    const base = await requireBase(ws, input.pull.base.ref);
    return { base, plan: await planRun({ options, root, files, target, baseCommit: base }) };
  });
  applyRepoCaps(run, plan.repoConfig);
  const preflight = startPreflight(run, () =>
    runPreflight({ createSandbox: deps.createSandbox, plan, root, logger: log, signal: input.signal }),
  );
  const { maxContextTokens } = options;
  const brief: FollowUpOptions["brief"] = (issue, paths, discussion) =>
    briefIssue({ issue, discussion, root, baseCommit: base, paths, maxContextTokens });
  const decided = await decideStage(run, deps, input, { ws, files, plan, brief });
  report.decisions = decided.decisions;
  const changes = decided.decisions.filter((d) => d.action === "change");
  await preflight.catch(() => undefined);
  if (changes.length === 0) return;
  // No --no-verify for a review: only the base branch's .booty.yml can make verification optional.
  await enforcePreflight(await preflight, verifyMode(plan, {}));
  const analysis = followUpAnalysis(decided.response, changes);
  tell(run, { step: "analysed", summary: analysis.summary, files: analysis.filesToModify });
  await changeAndPush(run, deps, report, {
    ws,
    input,
    plan,
    // The code change sees only what it is asked to change: never the declined or answered requests.
    issue: reviewIssue(input, new Set(changes.map((d) => d.id))),
    brief,
    analysis,
    changes,
    preflight: await preflight,
    files,
    budget: options.maxContextTokens - options.maxOutputTokens,
  });
}

/**
 * The model's decision on each open request, seeing the pull request's diff, the files commented on,
 * changed or localized, and the base commit's guidance for the commented and changed files.
 */
async function decideStage(
  run: RunState,
  deps: ReviewDeps,
  input: ReviewInput,
  o: Pick<FollowUpOptions, "ws" | "files" | "plan" | "brief">,
): Promise<Decided> {
  const { steps, model, log } = run;
  const { options } = deps;
  const { ws, files } = o;
  const root = ws.root;
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
  // The original issue's comments inform the decision; the change itself sees only what is asked of it.
  const briefed = await o.brief(
    input.issue ?? issue,
    [...input.open.commentedFiles, ...changed.files],
    input.discussion,
  );
  const { pull } = input;
  const { guidance, discussion } = briefed;
  const resolves = input.issue ? { ...input.issue, discussion } : null;
  const policy = o.plan.policy;
  return steps.run(
    "review",
    () => decideReview({ model, logger: log, root, policy, task, pull, issue: resolves, guidance, paths, budget }),
    (d) => ({ decisions: d.decisions.map((x) => x.action).join(",") }),
  );
}

/** The decision as the stages that make a change read it: the requests asking for one are its criteria. */
function followUpAnalysis(response: Decided["response"], changes: SettledDecision[]): IssueAnalysis {
  return {
    summary: response.summary,
    commitType: "fix",
    commitScope: "review",
    taskDescription: response.taskDescription,
    filesToModify: [...new Set(changes.flatMap((d) => d.files))],
    filesToCreate: [],
    filesToDelete: [],
    acceptanceCriteria: changes.map((d) => d.reply),
  };
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
