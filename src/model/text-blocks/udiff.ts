/**
 * The body of a udiff answer: one or more fenced diffs (```diff), or a bare diff that runs from its
 * first `--- ` (or `diff --git`) line to the end. Diff lines start with a space, +, -, @ or \, so a
 * diff of a Markdown file can never close its fence early.
 *
 * Exports: `readDiffs(lines)`.
 */
import { closesFence, fenceOpener } from "./markers.ts";
import { BlockProblem } from "./problem.ts";
import { joinLines } from "./search-replace.ts";

const DIFF_START = /^(?:--- |diff --git )/;

/** The index of the first diff line (or its fence) and the diff text. */
export function readDiffs(lines: readonly string[]): { first: number; diff: string } {
  const parts: string[] = [];
  let first = -1;
  for (let i = 0; i < lines.length; i++) {
    const fence = fenceOpener(lines[i] ?? "");
    if (fence === null) {
      if (DIFF_START.test(lines[i] ?? "") && parts.length === 0) return { first: i, diff: bareDiff(lines.slice(i)) };
      continue;
    }
    let close = i + 1;
    while (close < lines.length && !closesFence(lines[close] ?? "", fence)) close++;
    if (close >= lines.length) throw new BlockProblem(i, "this fence is never closed");
    const body = lines.slice(i + 1, close);
    if (!body.some((line) => DIFF_START.test(line)))
      throw new BlockProblem(i, "a fenced block that is not a unified diff (it has no --- a/PATH line)");
    if (first < 0) first = i;
    parts.push(joinLines(body));
    i = close;
  }
  if (first < 0) throw new BlockProblem(0, "the answer has no unified diff (--- a/PATH, +++ b/PATH, @@ hunks)");
  return { first, diff: parts.join("") };
}

/** A bare diff runs to the end of the answer, less the blank lines after it. */
function bareDiff(lines: readonly string[]): string {
  let end = lines.length;
  while (end > 0 && (lines[end - 1] ?? "").trim() === "") end--;
  return joinLines(lines.slice(0, end));
}
