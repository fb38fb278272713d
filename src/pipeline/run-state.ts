import { toJobError } from "../errors/index.ts";
import { type Logger, tailsOf } from "../log/logger.ts";
import { withMeter } from "../model/metered.ts";
import { type Model, withSignal } from "../model/port.ts";
import { redactText } from "../security/redact.ts";
import type { Workspace } from "../workspace/open.ts";
import type { PipelineDeps } from "./deps.ts";
import type { PipelineInput } from "./input.ts";
import type { Scrub } from "./record.ts";
import { createStepRunner, type StepRunner } from "./steps/step-runner.ts";
import { UsageMeter } from "./steps/usage.ts";
import type { RunReport } from "./types.ts";
import type { PreparedVerification, Verification } from "./verify/index.ts";

/** What one run holds while its stages go: the report it fills in, and what must be cleaned up. */
export interface RunState {
  deps: PipelineDeps;
  model: Model;
  log: Logger;
  steps: StepRunner;
  usage: UsageMeter;
  report: RunReport;
  workspace?: Workspace;
  /** The base-commit scratch copy, until the verify stage takes it over. */
  prepared?: PreparedVerification | undefined;
  /** The preflight, while it runs beside the localizer: cleanup waits for it. */
  pending?: Promise<unknown>;
  /** Scrubs text the report keeps, with the secrets the logger scrubs. */
  scrub: Scrub;
  runId: string;
}

export function startRun(deps: PipelineDeps, input: PipelineInput): RunState {
  const usage = new UsageMeter(deps.options.caps, "environment", input.spent);
  const model = withMeter(withSignal(deps.model, input.signal), usage, {
    maxOutputTokens: deps.options.maxOutputTokens,
    now: deps.now,
  });
  const tails = tailsOf(deps.logger);
  tails?.open(input.runId);
  const scrub: Scrub = tails ? (text) => tails.scrub(text) : (text) => redactText(text);
  const log = deps.logger.child({ runId: input.runId, issue: input.issue.number ?? null });
  const steps = createStepRunner(log, deps.now, input.signal);
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
  return { deps, model, log, steps, usage, report, scrub, runId: input.runId };
}

/**
 * Lowers the job's caps to the repository's (`.booty.yml`), then warns when a cost cap is all there is
 * and the model has no price: nothing would hold the job, which BOOTY_MAX_TOKENS is there for.
 */
export function applyRepoCaps(
  run: RunState,
  caps: { maxCostUsd?: number | undefined; maxTokens?: number | undefined } | null | undefined,
): void {
  run.usage.lower({ maxCostUsd: caps?.maxCostUsd, maxTokens: caps?.maxTokens }, ".booty.yml");
  if (run.usage.unheld(run.model)) {
    run.log.warn(
      { model: run.model.id, caps: run.usage.totals(run.model).caps },
      "the cost cap cannot hold this job: its model has no price, and no token cap (BOOTY_MAX_TOKENS or max_tokens in .booty.yml) is set",
    );
  }
}

/**
 * Starts the preflight beside the stages that follow. Its scratch copy is the run's to clean up as soon
 * as it exists, whether or not a later stage fails first.
 */
export function startPreflight<T extends { prepared: PreparedVerification }>(
  run: RunState,
  preflight: () => Promise<T>,
): Promise<T> {
  const started = run.steps.run("preflight", preflight, (p) => ({ state: (p as { state?: string }).state }));
  const kept = started.then((p) => {
    run.prepared = p.prepared;
    return p;
  });
  run.pending = kept.catch(() => undefined);
  return kept;
}

export function recordFailure(run: RunState, error: unknown): void {
  run.report.error = toJobError(error);
  run.log.error(
    { err: error, code: run.report.error.code, event: "run-failed" },
    `run failed: ${run.report.error.message}`,
  );
}

/** Cleans up either way: a failed run (or a dry run) leaves no branch behind. */
export async function finishRun(run: RunState): Promise<void> {
  const { report } = run;
  await run.pending;
  await run.prepared?.baseline?.workspace.dispose().catch(() => undefined);
  report.usage = run.usage.totals(run.model);
  if (run.workspace) {
    const keepBranch = report.status === "succeeded" && !report.dryRun;
    await run.workspace.cleanup({ keepBranch }).catch((error: unknown) => {
      run.log.error({ err: error }, "workspace cleanup failed");
    });
    if (!keepBranch) report.commit = null;
  }
  run.log.info({ status: report.status, timings: report.timings, usage: report.usage }, `run ${report.status}`);
  const tails = tailsOf(run.deps.logger);
  const lines = tails?.take(run.runId) ?? [];
  if (lines.length > 0) report.log = lines;
  // What is returned is printed and stored: model output in it (the PR body, notes, failures) may echo a secret.
  tails?.scrubDeep(report);
}

export function recordVerification(report: RunReport, verification: Verification, touched: Set<string>): void {
  report.verified = verification.verified;
  const { verified: _verified, failureSummary: _summary, ...details } = verification;
  report.verification = details;
  report.changedFiles = [...touched];
}
