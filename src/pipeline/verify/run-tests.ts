import type { Sandbox } from "../../sandbox/index.ts";
import { extractFailures, type Failure, WHOLE_RUN } from "./failures/index.ts";

export interface TestRun {
  passed: boolean;
  exitCode: number | null;
  timedOut: boolean;
  failures: Failure[];
  /** One line: what happened, for logs and the report. */
  summary: string;
  output: string;
  durationMs: number;
  /** What the sandbox could not provide (e.g. a toolchain it may not mount): explains a missing module. */
  notes?: string[];
}

/** Runs the test command in the sandbox, without network, and names what failed. */
export async function runTests(
  sandbox: Sandbox,
  root: string,
  cmd: string,
  timeoutMs: number,
  repoFiles: readonly string[] = [],
): Promise<TestRun> {
  // No bytecode caches: a refine round can rewrite a file within the same second and at the same size,
  // and Python would then run the stale .pyc of the previous round.
  const env = { PYTHONDONTWRITEBYTECODE: "1" };
  const result = await sandbox.run({ root, command: cmd, timeoutMs, network: false, env });
  const passed = result.exitCode === 0 && !result.timedOut;
  let failures: Failure[] = [];
  if (!passed) {
    failures = extractFailures(result.output, repoFiles);
    if (result.timedOut) {
      failures = [
        ...failures.filter((f) => f.id !== WHOLE_RUN),
        { id: `${WHOLE_RUN} timed out`, message: result.killedReason ?? "timed out", frames: [] },
      ];
    }
  }
  const summary = passed
    ? `passed in ${result.durationMs} ms`
    : result.timedOut
      ? `timed out after ${timeoutMs} ms`
      : `failed (exit ${result.exitCode ?? "signal"}): ${failures.length} failing`;
  return {
    passed,
    exitCode: result.exitCode,
    timedOut: result.timedOut,
    failures,
    summary,
    output: result.output,
    durationMs: result.durationMs,
    ...(result.notes && result.notes.length > 0 ? { notes: result.notes } : {}),
  };
}

/** Two failed runs that printed the same thing (timings aside): refining further is unlikely to help. */
export function sameOutput(a: TestRun, b: TestRun): boolean {
  const norm = (t: string) => t.replace(/\b\d+(\.\d+)?\s*(ms|s)\b/g, "N").trim();
  return a.exitCode === b.exitCode && a.timedOut === b.timedOut && norm(a.output) === norm(b.output);
}

/** True when nothing in the run could be named: a crash, a collection error, a timeout. */
export function failedWholesale(run: TestRun): boolean {
  return !run.passed && run.failures.every((f) => f.id.startsWith("("));
}

/**
 * The failures of `current` that the base commit did not have. Without a base run every failure is new.
 * When the base itself failed as a whole (nothing named), nothing can be told apart: the current run's
 * named failures count as new, and a whole-run failure counts as new only if its kind changed.
 */
export function newFailures(baseline: TestRun | null, current: TestRun): Failure[] {
  if (current.passed) return [];
  if (baseline === null || baseline.passed) return current.failures;
  const before = new Set(baseline.failures.map((f) => f.id));
  return current.failures.filter((f) => !before.has(f.id));
}
