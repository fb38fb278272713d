import type { Logger } from "../../log/logger.ts";
import type { DetectedTestCommand, RepoConfig } from "../../repo-config/index.ts";
import { createScratch, runSetup, type Sandbox, type ScratchWorkspace } from "../../sandbox/index.ts";
import { runTests, type TestRun } from "./run-tests.ts";

export interface VerifyContext {
  sandbox: Sandbox;
  /** The worktree; tests run in a scratch copy of it, never in it. */
  root: string;
  config: RepoConfig | null;
  detected: DetectedTestCommand | null;
  logger: Logger;
  /** Per command; default: the config's timeout (600 s). */
  timeoutMs?: number;
  /** Where scratch copies go (must be reachable by the sandbox uid); default os.tmpdir(). */
  scratchParent?: string;
}

/** The state before booty's change: the scratch copy (set up once), and what already failed. */
export interface Baseline {
  workspace: ScratchWorkspace;
  command: string | null;
  run: TestRun | null;
  /** null when there is no lint command. */
  lintPassed: boolean | null;
  notes: string[];
  /** The files the base run saw. */
  files: readonly string[];
}

export function testCommandFor(config: RepoConfig | null, detected: DetectedTestCommand | null): string | null {
  return config?.testCommand ?? detected?.command ?? null;
}

export function timeoutFor(ctx: Pick<VerifyContext, "config" | "timeoutMs">): number {
  return ctx.timeoutMs ?? (ctx.config?.timeoutSec ?? 600) * 1000;
}

/** Copies the worktree and runs setup_command there (with network only when the config allows it). */
export async function prepareWorkspace(
  ctx: VerifyContext,
  files: readonly string[],
): Promise<{ workspace: ScratchWorkspace; notes: string[] }> {
  const workspace = await createScratch({
    source: ctx.root,
    files,
    uid: ctx.sandbox.uid,
    sizeBytes: ctx.sandbox.limits.workspaceBytes,
    ...(ctx.scratchParent ? { parent: ctx.scratchParent } : {}),
  });
  if (!workspace.bounded) {
    ctx.logger.warn(
      "verify: the scratch copy has no size limit (mounting its tmpfs needs root): tests can fill the disk",
    );
  }
  const notes: string[] = [];
  const setup = ctx.config?.setupCommand;
  if (setup) {
    const network = ctx.config?.networkForSetup ?? true;
    // A setup refused (network asked for and none can be given safely) fails the run: the copy goes first.
    const r = await runSetup({
      sandbox: ctx.sandbox,
      source: ctx.root,
      dir: workspace.dir,
      files,
      command: setup,
      timeoutMs: timeoutFor(ctx),
      network,
      logger: ctx.logger,
    }).catch(async (error: unknown) => {
      await workspace.dispose();
      throw error;
    });
    const { exitCode, durationMs, fromCache } = r;
    ctx.logger.info({ exitCode, durationMs, network, fromCache }, "verify: setup_command ran");
    if (r.exitCode !== 0 || r.timedOut) {
      notes.push(`setup_command failed (${r.timedOut ? "timed out" : `exit ${r.exitCode ?? "signal"}`})`);
    }
  }
  return { workspace, notes };
}

/**
 * Run before the change is applied: sets the scratch copy up and runs the tests (and lint) on the base
 * commit, so that only failures the change introduces count. The caller passes the result to
 * `verifyAndRefine`, which disposes of the workspace.
 */
export async function runBaseline(ctx: VerifyContext & { files: readonly string[] }): Promise<Baseline> {
  const { workspace, notes } = await prepareWorkspace(ctx, ctx.files);
  const command = testCommandFor(ctx.config, ctx.detected);
  const run = command ? await runTests(ctx.sandbox, workspace.dir, command, timeoutFor(ctx), ctx.files) : null;
  if (run) ctx.logger.info({ summary: run.summary, failing: run.failures.length }, "verify: base commit tests");
  let lintPassed: boolean | null = null;
  const lint = ctx.config?.lintCommand;
  if (lint) {
    const r = await ctx.sandbox.run({ root: workspace.dir, command: lint, timeoutMs: timeoutFor(ctx), network: false });
    lintPassed = r.exitCode === 0 && !r.timedOut;
    if (!lintPassed) notes.push("lint_command already fails at the base commit; its result is not counted");
  }
  return { workspace, command, run, lintPassed, notes, files: ctx.files };
}
