import type { Config } from "../config/index.ts";
import { describeError, InputError, isBootyError, isRetryable } from "../errors/index.ts";
import type { Logger } from "../log/logger.ts";
import { type Model, withSignal } from "../model/port.ts";
import { generatePrompt } from "../model/prompts/index.ts";
import type { IssueAnalysis } from "../model/schemas/index.ts";
import { clip } from "../text/clip.ts";
import { branchName } from "../workspace/branch.ts";
import { openWorkspace, type Workspace } from "../workspace/open.ts";
import { analyzeIssue, checkAnalysis } from "./analyze/analyze.ts";
import { writeStaged } from "./apply/index.ts";
import { fitToBudget } from "./context/budget.ts";
import { locateCandidates } from "./context/locate.ts";
import { generateChanges } from "./generate/generate.ts";
import { createRefiner } from "./refine/refiner.ts";
import { commitMessage, conventionalTitle, pullRequestBody } from "./report/messages.ts";
import { createStepRunner } from "./steps/step-runner.ts";
import { UsageMeter } from "./steps/usage.ts";
import type { IssueInput, RunReport } from "./types.ts";
import { type PreparedVerification, planVerification, prepareVerification, verifyChange } from "./verification.ts";
import type { Verification } from "./verify/index.ts";

export interface PipelineDeps {
  config: Config;
  model: Model;
  logger: Logger;
  now?: () => number;
}

export interface PipelineInput {
  /** A local path or a git URL (https, ssh, file). */
  source: string;
  issue: IssueInput;
  baseBranch?: string | undefined;
  dryRun?: boolean;
  /** Forge token for fetching a private URL; only ever passed to git through its environment. */
  token?: string | undefined;
  runId: string;
  /** `owner/name` on the forge, when known: decides whether this is booty's own repository. */
  repoFullName?: string | undefined;
  /** Aborted when the run must stop (a shutdown): no further step starts. */
  signal?: AbortSignal | undefined;
  /** Called after the commit and before cleanup: the service pushes and opens the PR here. */
  afterCommit?: (ctx: { workspace: Workspace; report: RunReport }) => Promise<void>;
}

/**
 * The whole pipeline for one issue. Never throws for a failed run: the report says what failed and
 * where, and the workspace is cleaned up either way (a failed run leaves no branch behind).
 */
export async function runPipeline(deps: PipelineDeps, input: PipelineInput): Promise<RunReport> {
  const { config } = deps;
  const model = withSignal(deps.model, input.signal);
  const now = deps.now ?? (() => performance.now());
  const log = deps.logger.child({ runId: input.runId, issue: input.issue.number ?? null });
  const steps = createStepRunner(log, now, input.signal);
  const usage = new UsageMeter();
  const report: RunReport = {
    status: "failed",
    branch: null,
    commit: null,
    changedFiles: [],
    verified: null,
    timings: steps.timings,
    usage: usage.totals(model),
    pullRequest: null,
    model: model.id,
    scripted: model.scripted,
    dryRun: input.dryRun ?? false,
  };
  let workspace: Workspace | undefined;
  let prepared: PreparedVerification | undefined;
  let succeeded = false;
  try {
    const issue = checkIssue(input.issue);
    const branch = branchName(config.branchPrefix, issue.number, issue.title);
    workspace = await steps.run("workspace", () =>
      openWorkspace({
        source: input.source,
        baseBranch: input.baseBranch ?? config.baseBranch,
        branch,
        dataDir: config.dataDir,
        runId: input.runId,
        logger: log,
        ...(input.token ? { token: input.token } : {}),
      }),
    );
    const ws = workspace;
    report.branch = ws.branch;
    const files = await steps.run(
      "list-files",
      () => ws.listFiles(),
      (f) => ({ files: f.length }),
    );
    const plan = await steps.run("repo-config", () =>
      planVerification({ config, root: ws.root, files, target: { fullName: input.repoFullName, path: ws.repoDir } }),
    );
    const policy = plan.policy;
    const located = await steps.run(
      "localize",
      () =>
        locateCandidates({ root: ws.root, files, issue, dataDir: config.dataDir, commit: ws.baseCommit, logger: log }),
      (l) => ({ candidates: l.candidateFiles.length }),
    );
    const analysis = await steps.run("analyze", () => analyzeIssue({ model, usage, issue, ...located }));
    const paths = await steps.run("guard", async () => checkAnalysis(analysis, policy, config.maxFiles));
    const context = await steps.run(
      "context",
      () =>
        fitToBudget({
          model,
          logger: log,
          root: ws.root,
          paths,
          budget: config.model.maxContextTokens - config.model.maxOutputTokens,
          render: (chosen) => promptText(issue, analysis, chosen),
        }),
      (c) => ({ files: c.files.length, leftOut: c.leftOut.length, tokens: c.used }),
    );
    if (context.leftOut.length > 0) report.leftOut = context.leftOut;
    const generated = await steps.run(
      "generate",
      () =>
        generateChanges({
          model,
          usage,
          logger: log,
          root: ws.root,
          policy,
          issue,
          analysis,
          files: context.files,
          repoFiles: files,
          maxFiles: config.maxFiles,
        }),
      (g) => ({ changes: g.staged.length, calls: g.calls }),
    );
    prepared = await steps.run("baseline", () =>
      prepareVerification({ config, plan, root: ws.root, logger: log, signal: input.signal }),
    );
    await steps.run("apply", () => writeStaged(ws.root, generated.staged, policy));
    const touched = new Set(generated.staged.map((s) => s.path));
    const ready = prepared;
    prepared = undefined; // verifyChange owns the scratch copy from here on
    const verification = await steps.run(
      "verify",
      () =>
        verifyChange({
          plan,
          prepared: ready,
          root: ws.root,
          logger: log,
          refine: createRefiner({
            model,
            usage,
            logger: log,
            root: ws.root,
            policy,
            issue,
            analysis,
            touched,
            maxFiles: config.maxFiles,
          }),
        }),
      (v) => ({ verified: v.verified, rounds: v.rounds.length }),
    );
    report.verified = verification.verified;
    report.verification = {
      command: verification.command,
      sandboxed: verification.sandboxed,
      rounds: verification.rounds,
      ...(verification.note ? { note: verification.note } : {}),
    };
    report.changedFiles = [...touched];
    report.pullRequest = {
      title: conventionalTitle(analysis),
      body: pullRequestBody({
        analysis,
        plan: generated.plan,
        issue,
        scripted: model.scripted,
        verification: { verified: verification.verified, summary: verificationSummary(verification) },
      }),
      draft: !verification.verified || plan.self !== null,
      labels: plan.self ? [...plan.self.labels] : [],
    };
    if (!report.dryRun) {
      report.commit = await steps.run("commit", () => ws.commit(commitMessage(analysis, generated.plan, issue)));
      report.changedFiles = await ws.changedFiles();
      report.usage = usage.totals(model);
      if (input.afterCommit) {
        const hook = input.afterCommit;
        await steps.run("publish", () => hook({ workspace: ws, report }));
      }
    }
    succeeded = true;
    report.status = "succeeded";
  } catch (error) {
    report.error = {
      message: describeError(error),
      ...(isBootyError(error) ? { code: error.code } : {}),
      retryable: isRetryable(error),
    };
    log.error({ err: error, code: report.error.code }, `run failed: ${report.error.message}`);
  } finally {
    await prepared?.baseline?.workspace.dispose().catch(() => undefined);
    report.usage = usage.totals(model);
    if (workspace) {
      const keepBranch = succeeded && !report.dryRun;
      await workspace.cleanup({ keepBranch }).catch((error: unknown) => {
        log.error({ err: error }, "workspace cleanup failed");
      });
      if (!keepBranch) report.commit = null;
    }
  }
  log.info({ status: report.status, timings: report.timings, usage: report.usage }, `run ${report.status}`);
  return report;
}

function checkIssue(issue: IssueInput): IssueInput {
  const title = issue.title.trim();
  const body = issue.body.trim();
  if (title === "" && body === "")
    throw new InputError("the issue is empty: give it a title or a body", { where: "issue" });
  return { ...issue, title: title || clip(body.split("\n")[0] ?? "", 80), body };
}

function promptText(issue: IssueInput, analysis: IssueAnalysis, files: { path: string; content: string }[]): string {
  const prompt = generatePrompt({ issue, analysis, files });
  return [prompt.system, ...prompt.messages.map((m) => m.content)].join("\n\n");
}

function verificationSummary(v: Verification): string {
  const lines = [
    `**Verified:** ${v.verified ? "yes" : "no"}${v.command ? ` — \`${v.command}\`` : ""}, ${v.rounds.length} round(s)`,
  ];
  if (v.note) lines.push("", v.note);
  if (!v.verified && v.failureSummary)
    lines.push(
      "",
      "<details><summary>Failing tests</summary>",
      "",
      "```",
      clip(v.failureSummary, 6000),
      "```",
      "</details>",
    );
  return lines.join("\n");
}
