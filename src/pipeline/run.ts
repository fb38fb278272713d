import type { IssueAnalysis } from "../model/schemas/index.ts";
import { branchName } from "../workspace/branch.ts";
import { coAuthorTrailer } from "../workspace/identity.ts";
import type { Workspace } from "../workspace/open.ts";
import { analyzeIssue } from "./analyze/analyze.ts";
import { editRungs, writeStaged } from "./apply/index.ts";
import { commitMessage } from "./commit/message.ts";
import { briefer } from "./context/briefing.ts";
import { fitToBudget } from "./context/budget.ts";
import { generatePromptText } from "./context/prompt-text.ts";
import type { PipelineDeps } from "./deps.ts";
import { type Generated, generateChanges } from "./generate/generate.ts";
import { checkAnalysis } from "./guard/guard.ts";
import { checkIssue, type PipelineInput } from "./input.ts";
import { planRun, type RunPlan } from "./plan/plan.ts";
import { enforcePreflight, runPreflight } from "./preflight/preflight.ts";
import { emitProgress, type ProgressEvent } from "./progress.ts";
import { proposePullRequest } from "./publish/proposal.ts";
import { recordAnalysis, recordApproach, recordDiff, recordLocalized } from "./record.ts";
import { discardReproduction } from "./reproduce/discard.ts";
import { type Reproduction, reproduceBug } from "./reproduce/reproduce.ts";
import { wantsReproduction } from "./reproduce/when.ts";
import {
  applyRepoCaps,
  finishRun,
  type RunState,
  recordFailure,
  recordVerification,
  startPreflight,
  startRun,
} from "./run-state.ts";
import type { IssueInput, RunReport } from "./types.ts";
import { timeoutFor } from "./verify/baseline.ts";
import {
  createRefiner,
  type PreparedVerification,
  type RefinerInput,
  type Verification,
  verifyChange,
} from "./verify/index.ts";

export type { PipelineDeps, PipelinePorts, Publisher } from "./deps.ts";
export { pipelineDeps, pipelineOptions } from "./deps.ts";
export type { PipelineInput } from "./input.ts";

/**
 * The whole pipeline for one issue. Never throws for a failed run: the report says what failed and
 * where, and the workspace is cleaned up either way (a failed run leaves no branch behind).
 */
export async function runPipeline(deps: PipelineDeps, input: PipelineInput): Promise<RunReport> {
  const run = startRun(deps, input);
  try {
    await runStages(run, input);
    run.report.status = "succeeded";
  } catch (error) {
    recordFailure(run, error);
  } finally {
    await finishRun(run);
  }
  return run.report;
}

/** The stages, in order; each is a folder beside this file, named as its step is logged. */
async function runStages(run: RunState, input: PipelineInput): Promise<void> {
  const { steps, deps, report, model, log } = run;
  const { options } = deps;
  const issue = checkIssue(input.issue);
  const ws = await steps.run("workspace", () => openRunWorkspace(run, input, issue));
  const root = ws.root;
  const files = await steps.run(
    "list-files",
    () => ws.listFiles(),
    (f) => ({ files: f.length }),
  );
  const target = { fullName: input.repoFullName, path: ws.repoDir };
  const plan = await steps.run("plan", () => planRun({ options, root, files, target, baseCommit: ws.baseCommit }));
  const policy = plan.policy;
  applyRepoCaps(run, plan.repoConfig);
  const { signal } = input;
  const preflight = startPreflight(run, () =>
    runPreflight({ createSandbox: deps.createSandbox, plan, root, logger: log, signal }),
  );
  const located = await steps.run(
    "localize",
    () => deps.localize({ root, files, issue, dataDir: options.dataDir, commit: ws.baseCommit, logger: log }),
    (l) => ({ candidates: l.candidateFiles.length }),
  );
  tell(run, { step: "localized", files: located.candidateFiles.slice(0, 5).map((f) => f.path) });
  recordLocalized(report, located, run.scrub);
  await enforcePreflight(await preflight, verifyMode(plan, input));
  const brief = briefer({ issue, discussion: input.discussion, ws, maxContextTokens: options.maxContextTokens });
  const candidates = located.candidateFiles.map((f) => f.path);
  const analysis = await steps.run("analyze", async () =>
    analyzeIssue({ model, issue: await brief(candidates), ...located }),
  );
  recordAnalysis(report, analysis, run.scrub);
  const paths = await steps.run("guard", async () => checkAnalysis(analysis, policy, options.maxFiles));
  tell(run, { step: "analysed", summary: analysis.summary, files: paths });
  const { maxFiles, editFormat } = options;
  const briefed = await brief(paths);
  const task = { model, logger: log, root, policy, issue: briefed, analysis, maxFiles, editFormat };
  const checked = await preflight;
  const reproduced = await reproduceStage(run, { task, analysis, plan, checked, located, files });
  const reproduction = reproduced?.test ?? null;
  const budget = options.maxContextTokens - options.maxOutputTokens;
  const render = (chosen: { path: string; content: string }[]) => generatePromptText(briefed, analysis, chosen);
  const context = await steps.run(
    "context",
    () => fitToBudget({ model, logger: log, root, paths, budget, render }),
    (c) => ({ files: c.files.length, leftOut: c.leftOut.length, tokens: c.used }),
  );
  if (context.leftOut.length > 0) report.leftOut = context.leftOut;
  const shown = reproduction
    ? [...context.files, { path: reproduction.path, content: reproduction.content }]
    : context.files;
  tell(run, { step: "editing", files: paths });
  const generated = await steps.run(
    "generate",
    () => generateChanges({ ...task, files: shown, repoFiles: files }),
    (g) => ({ changes: g.staged.length, calls: g.calls }),
  );
  report.edits = editRungs(generated.staged);
  recordApproach(report, generated.plan.approach, run.scrub);
  await steps.run("apply", () => writeStaged(root, generated.staged, policy));
  const touched = new Set([...generated.staged.map((s) => s.path), ...(reproduction ? [reproduction.path] : [])]);
  const verification = await steps.run(
    "verify",
    () => verifyStage(run, { plan, prepared: checked.prepared, touched, task, reproduction }),
    (v) => ({ verified: v.verified, rounds: v.rounds.length }),
  );
  if (reproduced?.note) verification.note = [verification.note, reproduced.note].filter(Boolean).join("; ");
  if (reproduction && plan.repoConfig?.reproduction === "discard")
    await discardReproduction(root, reproduction, policy, touched);
  recordVerification(report, verification, touched);
  await commitAndPublish(run, { ws, input, analysis, plan, generated, verification });
}

/** The bug's reproduction test, when the analysis calls for one and the tests can run; null otherwise. */
async function reproduceStage(
  run: RunState,
  o: {
    task: Omit<Parameters<typeof reproduceBug>[0], "files" | "repoFiles" | "preflight" | "timeoutMs">;
    analysis: IssueAnalysis;
    plan: RunPlan;
    checked: Awaited<ReturnType<typeof runPreflight>>;
    located: { candidateFiles: Parameters<typeof reproduceBug>[0]["files"] };
    files: string[];
  },
) {
  if (!wantsReproduction(o.analysis, o.plan, o.checked)) return null;
  return run.steps.run(
    "reproduce",
    () =>
      reproduceBug({
        ...o.task,
        files: o.located.candidateFiles,
        repoFiles: o.files,
        preflight: o.checked,
        timeoutMs: timeoutFor({ config: o.plan.repoConfig }),
      }),
    (r) => ({ reproduced: r.test !== null }),
  );
}

/** Commits the change, proposes its pull request and, in the service, publishes it. */
async function commitAndPublish(
  run: RunState,
  o: {
    ws: Workspace;
    input: PipelineInput;
    analysis: IssueAnalysis;
    plan: RunPlan;
    generated: Generated;
    verification: Verification;
  },
): Promise<void> {
  const { report, steps, model, usage, deps } = run;
  const { ws, analysis, generated } = o;
  tell(run, { step: "publishing", verified: o.verification.verified });
  const issue = checkIssue(o.input.issue);
  if (!report.dryRun) {
    const { coAuthor, author } = o.input;
    const trailer = coAuthor ? coAuthorTrailer(coAuthor) : undefined;
    const message = commitMessage(analysis, generated.plan, issue, trailer);
    report.commit = await steps.run("commit", () => ws.commit(message, author));
    report.changedFiles = await ws.changedFiles();
    recordDiff(report, await ws.diff(), run.scrub);
  }
  report.pullRequest = proposePullRequest({
    analysis,
    plan: generated.plan,
    issue,
    runPlan: o.plan,
    verification: o.verification,
    scripted: model.scripted,
    files: report.changedFiles,
    repo: o.input.repoFullName,
    usage: usage.totals(model),
  });
  if (report.dryRun) return;
  report.usage = usage.totals(model);
  const publisher = deps.publisher;
  if (publisher) {
    const published = await steps.run("publish", () => publisher.publish({ workspace: ws, report }));
    if (published) report.published = { number: published.number, url: published.url, draft: published.draft };
  }
}

async function openRunWorkspace(run: RunState, input: PipelineInput, issue: IssueInput): Promise<Workspace> {
  const { options } = run.deps;
  const ws = await run.deps.openWorkspace({
    source: input.source,
    baseBranch: input.baseBranch ?? options.baseBranch,
    branch: branchName(options.branchPrefix, issue.number, issue.title),
    dataDir: options.dataDir,
    runId: input.runId,
    logger: run.log,
    ...(input.token ? { token: input.token } : {}),
    existing: input.existingBranch,
    ownTrailer: input.coAuthor ? coAuthorTrailer(input.coAuthor) : undefined,
  });
  run.workspace = ws;
  run.report.branch = ws.branch;
  if (ws.kind === "mirror") run.report.mirror = ws.repoDir;
  return ws;
}

/** Where a failing test may be named: the issue and what the model understood of it. */
function issueText(issue: IssueInput, analysis: IssueAnalysis): string {
  return [issue.title, issue.body, analysis.summary, analysis.taskDescription, ...analysis.acceptanceCriteria].join(
    "\n",
  );
}

/** `verify: optional` in `.booty.yml` or `--no-verify` lets a run whose tests cannot run go on, unverified. */
export function verifyMode(plan: RunPlan, input: Pick<PipelineInput, "verify">): "required" | "optional" {
  return input.verify === "optional" || plan.repoConfig?.verify === "optional" ? "optional" : "required";
}

export function verifyStage(
  run: RunState,
  o: {
    plan: RunPlan;
    prepared: PreparedVerification;
    touched: Set<string>;
    task: Omit<RefinerInput, "touched">;
    reproduction: Reproduction | null;
  },
): Promise<Verification> {
  run.prepared = undefined; // verifyChange owns the scratch copy from here on
  const { task } = o;
  return verifyChange({
    plan: o.plan,
    prepared: o.prepared,
    root: task.root,
    logger: run.log,
    refine: createRefiner({ ...task, touched: o.touched }),
    relevance: { touched: o.touched, text: issueText(task.issue, task.analysis), reproduction: o.reproduction?.path },
    reproduction: o.reproduction,
    onRound: (r) =>
      tell(
        run,
        r.passed === undefined
          ? { step: "testing", round: r.round }
          : { step: "tested", round: r.round, passed: r.passed, failing: r.failing ?? [] },
      ),
  });
}

const tell = (run: RunState, event: ProgressEvent) => emitProgress(run.deps.progress, event, run.log);
