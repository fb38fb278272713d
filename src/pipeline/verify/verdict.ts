import type { Failure } from "./failures/index.ts";
import { type Relevance, relatedFailures } from "./relevance.ts";
import { failedWholesale, newFailures, type TestRun } from "./run-tests.ts";

/** A test that failed at the base and that the change must fix. */
export interface Target {
  id: string;
  before: string;
  /** The failure after the change, or null when the test passes now. */
  after: Failure | null;
}

/**
 * One round judged SWE-bench's way (FAIL_TO_PASS / PASS_TO_PASS): every test that passed at the base must
 * still pass (a regression blocks), every base failure related to the issue or the change is a target that
 * must pass now, and the other base failures are listed but never block. When the base run names no test
 * (a whole-command check, a crash), the target is the command's exit 0.
 */
export interface RoundVerdict {
  passed: boolean;
  regressions: Failure[];
  targets: Target[];
  /** Base failures with no link to the issue or the change, as they are now (still failing or not). */
  unrelated: { id: string; fixed: boolean }[];
  /** The base run failed as a whole: only exit 0 counts. */
  wholeCommand: boolean;
}

export const WHOLE_COMMAND = "(the whole test command)";

export function judgeRound(base: TestRun | null, current: TestRun, relevance: Relevance): RoundVerdict {
  if (base && !base.passed && failedWholesale(base)) {
    const after = current.passed ? null : (current.failures[0] ?? null);
    const target = { id: WHOLE_COMMAND, before: base.summary, after };
    return { passed: current.passed, regressions: [], targets: [target], unrelated: [], wholeCommand: true };
  }
  const regressions = newFailures(base, current);
  const baseFailures = base?.failures ?? [];
  const now = new Map(current.failures.map((f) => [f.id, f]));
  const related = relatedFailures(baseFailures, now, relevance);
  // A run that crashed or timed out names nothing: no base failure can be said to pass in it.
  const crashed = !current.passed && failedWholesale(current) ? (current.failures[0] ?? null) : null;
  const targets: Target[] = [];
  const unrelated: RoundVerdict["unrelated"] = [];
  for (const failure of baseFailures) {
    const after = current.passed ? null : (crashed ?? now.get(failure.id) ?? null);
    if (related.has(failure.id)) targets.push({ id: failure.id, before: failure.message, after });
    else unrelated.push({ id: failure.id, fixed: after === null });
  }
  const passed = regressions.length === 0 && targets.every((t) => t.after === null);
  return { passed, regressions, targets, unrelated, wholeCommand: false };
}

/** What the model must still fix: regressions first, then the targets that still fail. */
export function stillFailing(verdict: RoundVerdict): Failure[] {
  const targets = verdict.targets.flatMap((t) => (t.after ? [t.after] : []));
  return [...verdict.regressions, ...targets];
}
