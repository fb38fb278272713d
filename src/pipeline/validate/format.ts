import { SyntaxCheckError } from "../../errors/index.ts";
import type { SyntaxReport } from "./types.ts";

/** The report as the model should read it: `path:line:col: message` and the lines around each problem. */
export function formatSyntaxProblems(report: SyntaxReport): string {
  return report.problems
    .map((problem) => `${problem.path}:${problem.line}:${problem.column}: ${problem.message}\n${problem.context}`)
    .join("\n\n");
}

/** Throws a SyntaxCheckError naming the first problem (and how many more) when the report has any. */
export function assertSyntax(report: SyntaxReport): void {
  const [first, ...rest] = report.problems;
  if (!first) return;
  const more = rest.length === 0 ? "" : ` (and ${rest.length} more problem${rest.length === 1 ? "" : "s"})`;
  throw new SyntaxCheckError(`syntax error in ${first.path}:${first.line}: ${first.message}${more}`, {
    where: first.path,
  });
}
