import { languageForPath } from "../../lang/languages.ts";
import { BASELINE_ONLY, checkText } from "./check-file.ts";
import { contextAround } from "./context.ts";
import { checkRelativeImports } from "./imports.ts";
import type { SourceFile, SyntaxProblem, SyntaxReport } from "./types.ts";

export interface ValidateOptions {
  /** Problems kept per file; the first is what matters, a few more help with cascades. Default 3. */
  maxProblemsPerFile?: number;
  /** Larger files are not parsed (generated or vendored code; hostile input). Default 2 MB. */
  maxBytes?: number;
  /** Per-file parse time limit. Default 5 s. */
  timeoutMs?: number;
  /**
   * The repository's files (relative, `/` separated). When given, relative imports added by the change
   * that name none of these nor of the changed files are problems too.
   */
  repoFiles?: Iterable<string>;
}

/**
 * Checks the syntax of changed files. A file whose previous version (`before`) already had as many
 * problems is listed as `preexisting`, not failed: the change did not make it worse. Files no checker can
 * judge are listed in `unchecked`, never failed.
 */
export async function validateSyntax(
  files: readonly SourceFile[],
  options: ValidateOptions = {},
): Promise<SyntaxReport> {
  const maxProblems = options.maxProblemsPerFile ?? 3;
  const maxBytes = options.maxBytes ?? 2_000_000;
  const timeoutMs = options.timeoutMs ?? 5_000;
  const report: SyntaxReport = { problems: [], unchecked: [], preexisting: [] };
  for (const file of files) {
    const id = languageForPath(file.path);
    const before = typeof file.before === "string" ? file.before : null;
    if (id === null || file.content.length > maxBytes || (before === null && BASELINE_ONLY.has(id))) {
      report.unchecked.push(file.path);
      continue;
    }
    const problems = await checkText(id, file.content, timeoutMs);
    if (problems === null) {
      report.unchecked.push(file.path);
      continue;
    }
    if (problems.length === 0) continue;
    // Positions move when a file is edited, so "no worse than before" is judged by the number of problems.
    const earlier = before !== null && before.length <= maxBytes ? await checkText(id, before, timeoutMs) : null;
    if (earlier !== null && earlier.length >= problems.length) {
      report.preexisting.push(file.path);
      continue;
    }
    if (earlier === null && BASELINE_ONLY.has(id)) {
      report.unchecked.push(file.path);
      continue;
    }
    for (const problem of problems.slice(0, maxProblems)) {
      const context = contextAround(file.content, problem.line, problem.column);
      report.problems.push({ path: file.path, ...problem, context } satisfies SyntaxProblem);
    }
  }
  if (options.repoFiles) {
    // Only files that parse are worth resolving; a broken file's imports are noise next to its error.
    const broken = new Set(report.problems.map((problem) => problem.path));
    const parsed = files.filter((file) => !broken.has(file.path));
    report.problems.push(...(await checkRelativeImports(parsed, options.repoFiles)));
  }
  return report;
}
