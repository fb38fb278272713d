import { describeError, isRetryable } from "../../errors/index.ts";
import type { Logger } from "../../log/logger.ts";
import type { DetectedTestCommand, RepoConfig } from "../../repo-config/index.ts";
import type { Sandbox } from "../../sandbox/index.ts";
import { clip, clipStart } from "../../text/clip.ts";
import type { VerificationRound } from "../types.ts";
import { type Baseline, prepareWorkspace, testCommandFor, timeoutFor, type VerifyContext } from "./baseline.ts";
import { type Failure, framesIn, makeResolver } from "./failures/index.ts";
import { failedWholesale, newFailures, runTests, type TestRun } from "./run-tests.ts";

export interface Verification {
  verified: boolean;
  command: string | null;
  sandboxed: boolean;
  rounds: VerificationRound[];
  note?: string;
  /** Failure summary of the last round, for the draft PR body; absent when verified. */
  failureSummary?: string;
}

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
  /** Commands that must also pass each round (booty's own lint and type check on itself). */
  extraChecks?: string[];
  timeoutMs?: number;
  scratchParent?: string;
}

interface CheckFailure {
  command: string;
  output: string;
}

const MAX_TEXT = 12_000;

/**
 * Runs the tests after the change; on new failures hands them to `refine` and runs again, up to
 * `maxRetries` refinements (so at most maxRetries + 1 rounds). Never a silent pass: no test command,
 * tests broken as a whole at the base, or an unusable refinement all end with verified: false and a note.
 */
export async function verifyAndRefine(opts: VerifyAndRefineOptions): Promise<Verification> {
  const sandboxed = opts.sandbox.kind === "bwrap";
  const notes: string[] = [];
  if (!sandboxed) notes.push("tests ran unsandboxed (BOOTY_SANDBOX=none)");
  const command = opts.baseline?.command ?? testCommandFor(opts.config, opts.detected);
  if (!opts.config?.testCommand && opts.detected && command) {
    notes.push(`test command detected: ${opts.detected.command} (${opts.detected.reason})`);
  }
  if (!command) {
    await opts.baseline?.workspace.dispose();
    return {
      verified: false,
      command: null,
      sandboxed,
      rounds: [],
      note: join([...notes, "no test command found: the change is unverified"]),
    };
  }
  const ctx: VerifyContext = { ...opts, ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}) };
  const prepared = opts.baseline ? null : await prepareWorkspace(ctx, await opts.repoFiles());
  const workspace = opts.baseline?.workspace ?? (prepared?.workspace as NonNullable<typeof prepared>["workspace"]);
  notes.push(...(opts.baseline?.notes ?? prepared?.notes ?? []));
  const checks = [
    ...(opts.config?.lintCommand && opts.baseline?.lintPassed !== false ? [opts.config.lintCommand] : []),
    ...(opts.extraChecks ?? []),
  ];
  const rounds: VerificationRound[] = [];
  let verified = false;
  let failureSummary: string | undefined;
  try {
    for (let round = 1; round <= opts.maxRetries + 1; round += 1) {
      const files = await opts.repoFiles();
      await workspace.sync(files);
      const run = await runTests(opts.sandbox, workspace.dir, command, timeoutFor(ctx), files);
      const fresh = newFailures(opts.baseline?.run ?? null, run);
      const failedChecks = await runChecks(opts.sandbox, workspace.dir, checks, timeoutFor(ctx));
      const durationMs = run.durationMs;
      const passed = fresh.length === 0 && failedChecks.length === 0;
      rounds.push({
        round,
        passed,
        failures: [...fresh.map((f) => f.id), ...failedChecks.map((c) => `(check) ${c.command}`)],
        durationMs,
      });
      opts.logger.info(
        { round, summary: run.summary, newFailures: fresh.length, failedChecks: failedChecks.length },
        "verify: round",
      );
      const base = opts.baseline?.run;
      if (passed && base && !run.passed && failedWholesale(base) && failedWholesale(run)) {
        notes.push("the tests already fail as a whole at the base commit; the change could not be verified");
        failureSummary = describeFailures(command, run, run.failures, failedChecks, "at the base commit too");
        break;
      }
      if (passed) {
        verified = true;
        if (!run.passed) notes.push(`${run.failures.length} test(s) also fail at the base commit; not counted`);
        break;
      }
      failureSummary = describeFailures(command, run, fresh, failedChecks);
      if (round > opts.maxRetries) break;
      const implicated = implicatedFiles(fresh, failedChecks, files);
      try {
        await opts.refine(failureSummary, implicated);
      } catch (error) {
        if (isRetryable(error)) throw error;
        notes.push(`refinement stopped: ${describeError(error)}`);
        break;
      }
    }
  } finally {
    await workspace.dispose();
  }
  if (!verified && rounds.length > 0 && rounds.at(-1)?.passed === false) {
    notes.push(`tests still fail after ${rounds.length} round(s)`);
  }
  const note = join(notes);
  return {
    verified,
    command,
    sandboxed,
    rounds,
    ...(note ? { note } : {}),
    ...(!verified && failureSummary ? { failureSummary } : {}),
  };
}

function join(notes: string[]): string {
  return notes.join("; ");
}

async function runChecks(sandbox: Sandbox, dir: string, checks: string[], timeoutMs: number): Promise<CheckFailure[]> {
  const failed: CheckFailure[] = [];
  for (const command of checks) {
    const r = await sandbox.run({ root: dir, command, timeoutMs, network: false });
    if (r.exitCode !== 0 || r.timedOut) failed.push({ command, output: r.output });
  }
  return failed;
}

function tail(text: string, lines: number): string {
  return clipStart(text.split("\n").slice(-lines).join("\n"), 4000);
}

/** The text `refine` gives the model, and the draft PR body carries. */
export function describeFailures(
  command: string,
  run: TestRun,
  failures: Failure[],
  checks: CheckFailure[] = [],
  /** New with the change, or failing at the base commit too (when the run as a whole fails either way). */
  seen: "new" | "at the base commit too" = "new",
): string {
  const parts: string[] = [];
  if (failures.length > 0) {
    const heading = seen === "new" ? "New failures" : "Failures, at the base commit too";
    parts.push(`\`${command}\` ${run.summary}. ${heading} (${failures.length}):`);
    for (const f of failures.slice(0, 20)) {
      const at = f.frames
        .slice(0, 6)
        .map((fr) => `${fr.path}:${fr.line}`)
        .join(", ");
      parts.push(`- ${f.id}\n${f.message.replace(/^/gm, "    ")}${at ? `\n    at ${at}` : ""}`);
    }
    if (failures.some((f) => f.id.startsWith("("))) parts.push(`Output (last lines):\n${tail(run.output, 60)}`);
  }
  for (const c of checks) parts.push(`\`${c.command}\` failed:\n${tail(c.output, 40)}`);
  return clip(parts.join("\n"), MAX_TEXT);
}

function implicatedFiles(failures: Failure[], checks: CheckFailure[], files: string[]): string[] {
  const resolve = makeResolver(files);
  const paths = [
    ...failures.flatMap((f) => f.frames.map((fr) => fr.path)),
    ...checks.flatMap((c) => framesIn(c.output, resolve).map((fr) => fr.path)),
  ];
  return [...new Set(paths)].slice(0, 8);
}
