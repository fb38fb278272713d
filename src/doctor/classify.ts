import type { TestRun } from "../pipeline/verify/index.ts";

/** What a test run at the base says about the environment. */
export type BaseOutcome =
  | { kind: "passes" }
  | { kind: "failures"; names: string[] }
  | { kind: "cannot run"; reason: string };

const CANNOT_RUN =
  /command not found|: not found|No module named|ModuleNotFoundError|Cannot find module|ERR_MODULE_NOT_FOUND|cannot execute|Permission denied/;

/**
 * passes; named failures (the tests ran); or cannot run: the command or a module is missing, exit
 * 126/127, a timeout, or a failure that names no test, with its first meaningful line.
 */
export function classifyBase(run: TestRun): BaseOutcome {
  if (run.passed) return { kind: "passes" };
  if (run.timedOut) return { kind: "cannot run", reason: run.summary };
  const lines = run.output.split("\n").map((l) => l.trim());
  const missing = lines.find((l) => CANNOT_RUN.test(l));
  if (run.exitCode === 126 || run.exitCode === 127 || missing) {
    return { kind: "cannot run", reason: missing ?? `exit ${run.exitCode}` };
  }
  const names = run.failures.map((f) => f.id).filter((id) => !id.startsWith("("));
  if (names.length > 0) return { kind: "failures", names };
  const first = lines.find((l) => /error/i.test(l)) ?? lines.find(Boolean) ?? "";
  return {
    kind: "cannot run",
    reason: `exit ${run.exitCode ?? "signal"} before any test was named${first ? `: ${first}` : ""}`,
  };
}
