import type { TestRun } from "../verify/index.ts";

/** How the tests did at the base commit, before booty changed anything. */
export type BaseState = "passes" | "failures" | "cannot-run";

export interface Classified {
  state: BaseState;
  /** For "cannot-run": the first line that says why. */
  reason?: string;
}

interface Rule {
  test: RegExp;
  /** Whether the match really means "cannot run" (e.g. the missing module is not the repository's own). */
  applies?: (match: RegExpExecArray, repoFiles: readonly string[]) => boolean;
}

const RULES: Rule[] = [
  // What a shell says when the program is missing or not executable (sh, dash, bash, zsh, env).
  {
    test: /^(?:\/(?:usr\/)?bin\/)?(?:ba|da|z)?sh: (?:line )?\d+: [^\n]*?(?:command not found|not found|Permission denied|cannot execute[^\n]*)$/m,
  },
  { test: /^env: [^\n]*: No such file or directory$/m },
  {
    test: /^npm (?:ERR!|error) (?:[Mm]issing script: |npx canceled due to missing packages|could not determine executable to run).*$/m,
  },
  { test: /^.*No module named ['"]?([\w.]+)['"]?.*$/m, applies: (m, files) => !isRepoModule(m[1] ?? "", files) },
  {
    test: /^.*(?:Cannot find (?:module|package) '([^']+)'|Cannot find package '([^']+)').*$/m,
    applies: (m) => isBareSpecifier(m[1] ?? m[2] ?? ""),
  },
  { test: /^.*\b(?:error: unrecognized arguments|ERROR: usage:).*$/m },
  {
    test: /^.*(?:cannot find module providing package|go\.mod file not found|could not find `Cargo\.toml`|no such command).*$/m,
  },
  { test: /^.*error while loading shared libraries.*$/m },
];

/**
 * Sorts a base run into passes, named or whole-run failures, or cannot run: the test command never got
 * to run a test because the program, a module or a tool is missing. Only the last stops a run, so a
 * failure caused by the bug itself (an assertion, an import of the repository's own code) is never it.
 */
export function classifyBaseRun(run: TestRun, repoFiles: readonly string[]): Classified {
  if (run.passed) return { state: "passes" };
  if (run.timedOut) return { state: "failures" };
  for (const rule of RULES) {
    const m = rule.test.exec(run.output);
    if (m && (rule.applies?.(m, repoFiles) ?? true)) return { state: "cannot-run", reason: m[0].trim() };
  }
  if (run.exitCode === 126 || run.exitCode === 127) {
    return { state: "cannot-run", reason: lastLine(run.output) || `exit ${run.exitCode}` };
  }
  return { state: "failures" };
}

/** `calc` or `calc.ops` when the repository has calc.py, calc/ or src/calc/: the bug, not the setup. */
function isRepoModule(name: string, files: readonly string[]): boolean {
  const top = name.split(".")[0] ?? "";
  if (top === "") return false;
  return files.some((f) => {
    const parts = f.split("/");
    return parts.some((p, i) => p === top && i < parts.length - 1) || parts.at(-1) === `${top}.py`;
  });
}

function isBareSpecifier(spec: string): boolean {
  return spec !== "" && !spec.startsWith(".") && !spec.startsWith("/") && !spec.startsWith("file:");
}

function lastLine(text: string): string {
  return (
    text
      .split("\n")
      .map((l) => l.trim())
      .filter(Boolean)
      .at(-1) ?? ""
  ).slice(0, 300);
}
