import { describeError, isRetryable } from "../../errors/index.ts";
import type { Logger } from "../../log/logger.ts";
import type { DetectedTestCommand, RepoConfig } from "../../repo-config/index.ts";
import type { Sandbox } from "../../sandbox/index.ts";
import type { FailingTest } from "../progress.ts";
import type { VerificationRound } from "../types.ts";
import { type Baseline, prepareWorkspace, testCommandFor, timeoutFor, type VerifyContext } from "./baseline.ts";
import { type CheckFailure, describeFailures } from "./describe-failures.ts";
import { failureMentions, framesIn, makeResolver } from "./failures/index.ts";
import type { Relevance } from "./relevance.ts";
import { failedWholesale, runTests, sameOutput, type TestRun } from "./run-tests.ts";
import { judgeRound, type RoundVerdict, stillFailing } from "./verdict.ts";
import { type Verification, verificationOf } from "./verification.ts";

export type { Verification } from "./verification.ts";

export interface VerifyAndRefineOptions {
  sandbox: Sandbox;
  root: string;
  repoFiles: () => Promise<string[]>;
  config: RepoConfig | null;
  detected: DetectedTestCommand | null;
  /** From `runBaseline`; null runs without a base comparison (every failure counts). */
  baseline: Baseline | null;
  maxRetries: number;
  /** Asks the model for a fix and applies it; throws when the answer is unusable. */
  refine: (failuresText: string, implicated: string[]) => Promise<void>;
  logger: Logger;
  /** What links a base failure to the issue and the change (default: the changed files only). */
  relevance?: Omit<Relevance, "root" | "repoFiles"> | undefined;
  /** Commands that must also pass each round (booty's own lint and type check on itself). */
  extraChecks?: string[];
  /** The reproduction test, failing at the base: it must pass, and the report says whether it does. */
  reproduction?: { path: string; command?: string; atBase: string } | undefined;
  timeoutMs?: number;
  scratchParent?: string;
  /** Told when a round starts and how it ended (the service's status comment). */
  onRound?: ((round: RoundProgress) => void) | undefined;
}

/** A round starting (no `passed`), or its result with the tests that still fail. */
export interface RoundProgress {
  round: number;
  passed?: boolean;
  failing?: FailingTest[];
}

/**
 * Runs the tests after the change; while a round's verdict fails, hands what still fails to `refine` and
 * runs again, up to `maxRetries` refinements (so at most maxRetries + 1 rounds). A round passes only on
 * its verdict (no regression, every target passing). Never a silent pass: no test command or an unusable
 * refinement end with verified: false and a note.
 */
export async function verifyAndRefine(opts: VerifyAndRefineOptions): Promise<Verification> {
  const sandboxed = opts.sandbox.kind === "bwrap";
  const notes: string[] = [];
  const command = opts.baseline?.command ?? testCommandFor(opts.config, opts.detected);
  if (!opts.config?.testCommand && opts.detected && command) {
    notes.push(`test command detected: ${opts.detected.command} (${opts.detected.reason})`);
  }
  if (!command) {
    await opts.baseline?.workspace.dispose();
    notes.push("no test command found: the change is unverified");
    return verificationOf({ verified: false, command: null, sandboxed, rounds: [], notes });
  }
  if (!sandboxed) notes.unshift("tests ran unsandboxed (BOOTY_SANDBOX=none)");
  const ctx: VerifyContext = { ...opts, ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}) };
  const prepared = opts.baseline ? null : await prepareWorkspace(ctx, await opts.repoFiles());
  const workspace = opts.baseline?.workspace ?? (prepared?.workspace as NonNullable<typeof prepared>["workspace"]);
  notes.push(...(opts.baseline?.notes ?? prepared?.notes ?? []));
  try {
    const outcome = await rounds(opts, ctx, command, workspace.dir, workspace.sync.bind(workspace), notes);
    const { reproductionPasses: passes, ...rest } = outcome;
    const reproduction = opts.reproduction
      ? { path: opts.reproduction.path, atBase: opts.reproduction.atBase, passes: passes === true }
      : undefined;
    return verificationOf({ command, sandboxed, notes, reproduction, ...rest });
  } finally {
    await workspace.dispose();
  }
}

interface RoundsOutcome {
  verified: boolean;
  rounds: VerificationRound[];
  reproductionPasses?: boolean;
  verdict?: RoundVerdict;
  failureSummary?: string;
}

async function rounds(
  opts: VerifyAndRefineOptions,
  ctx: VerifyContext,
  command: string,
  dir: string,
  sync: (files: string[]) => Promise<void>,
  notes: string[],
): Promise<RoundsOutcome> {
  const checks = checksFor(opts);
  const out: RoundsOutcome = { verified: false, rounds: [] };
  let previous: TestRun | undefined;
  for (let round = 1; round <= opts.maxRetries + 1; round += 1) {
    const files = await opts.repoFiles();
    await sync(files);
    opts.logger.debug({ progress: "tests", round, command }, "verify: running the tests");
    opts.onRound?.({ round });
    const run = await runTests(opts.sandbox, dir, command, timeoutFor(ctx), files);
    const failedChecks = await runChecks(opts.sandbox, dir, checks, timeoutFor(ctx));
    const relevance = { root: opts.root, repoFiles: files, touched: new Set<string>(), text: "", ...opts.relevance };
    const verdict = judgeRound(opts.baseline?.run ?? null, run, relevance);
    const passed = verdict.passed && failedChecks.length === 0;
    const failing = [...stillFailing(verdict).map((f) => f.id), ...failedChecks.map((c) => `(check) ${c.command}`)];
    out.rounds.push({ round, passed, failures: failing, durationMs: run.durationMs });
    out.verdict = verdict;
    if (opts.reproduction) out.reproductionPasses = reproductionPasses(opts.reproduction, run, verdict, failedChecks);
    opts.logger.info({ round, summary: run.summary, passed, failing: failing.length }, "verify: round");
    opts.onRound?.({ round, passed, failing: failingTests(verdict, failedChecks) });
    if (passed) {
      out.verified = true;
      delete out.failureSummary;
      return out;
    }
    out.failureSummary = describeFailures(command, run, verdict, failedChecks);
    if (verdict.wholeCommand && previous && sameOutput(previous, run)) {
      notes.push("stopped early: two rounds in a row failed with the same output");
      return out;
    }
    previous = run;
    if (round > opts.maxRetries) break;
    const stop = await refineOnce(opts, out.failureSummary, implicatedFiles(verdict, failedChecks, files));
    if (stop) {
      notes.push(stop);
      return out;
    }
  }
  notes.push(`tests still fail after ${out.rounds.length} round(s)`);
  return out;
}

/** Null when the refinement was applied; otherwise why the loop stops (a retryable error is rethrown). */
async function refineOnce(
  opts: VerifyAndRefineOptions,
  failures: string,
  implicated: string[],
): Promise<string | null> {
  try {
    await opts.refine(failures, implicated);
    return null;
  } catch (error) {
    if (isRetryable(error)) throw error;
    return `refinement stopped: ${describeError(error)}`;
  }
}

function checksFor(opts: VerifyAndRefineOptions): string[] {
  const reproduction = opts.reproduction?.command;
  return [
    ...(opts.config?.lintCommand && opts.baseline?.lintPassed !== false ? [opts.config.lintCommand] : []),
    ...(opts.extraChecks ?? []),
    ...(reproduction ? [reproduction] : []),
  ];
}

function reproductionPasses(
  reproduction: NonNullable<VerifyAndRefineOptions["reproduction"]>,
  run: TestRun,
  verdict: RoundVerdict,
  checks: CheckFailure[],
): boolean {
  if (reproduction.command) return !checks.some((c) => c.command === reproduction.command);
  return !failedWholesale(run) && !stillFailing(verdict).some((f) => failureMentions(f, reproduction.path));
}

async function runChecks(sandbox: Sandbox, dir: string, checks: string[], timeoutMs: number): Promise<CheckFailure[]> {
  const failed: CheckFailure[] = [];
  for (const command of checks) {
    const r = await sandbox.run({ root: dir, command, timeoutMs, network: false });
    if (r.exitCode !== 0 || r.timedOut) failed.push({ command, output: r.output });
  }
  return failed;
}

function implicatedFiles(verdict: RoundVerdict, checks: CheckFailure[], files: string[]): string[] {
  const resolve = makeResolver(files);
  const paths = [
    ...stillFailing(verdict).flatMap((f) => f.frames.map((fr) => fr.path)),
    ...checks.flatMap((c) => framesIn(c.output, resolve).map((fr) => fr.path)),
  ];
  return [...new Set(paths)].slice(0, 8);
}

/** The round's failures for a person and a check annotation: the first frame in the repository, if any. */
function failingTests(verdict: RoundVerdict, checks: CheckFailure[]): FailingTest[] {
  const tests = stillFailing(verdict).map((f): FailingTest => {
    const at = f.frames[0];
    return { id: f.id, message: f.message, ...(at ? { path: at.path, line: at.line } : {}) };
  });
  return [...tests, ...checks.map((c) => ({ id: `(check) ${c.command}`, message: "the check failed" }))];
}
