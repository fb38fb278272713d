/**
 * A plan written as a text answer: what the system prompt's example shows, what bench:edits feeds the
 * parser, and the rule made concrete: markers and fences are made longer than anything in the code.
 *
 * Exports: `renderTextBlocks(plan)`, `markerLength(texts)`, `fenceFor(content)`.
 */
import type { CodeGenerationPlan, FileChange } from "../schemas/index.ts";
import { bare } from "./markers.ts";

export function renderTextBlocks(plan: CodeGenerationPlan): string {
  const parts = [`Approach: ${plan.approach}`, `Testing: ${plan.testingNotes}`];
  for (const change of plan.changes) parts.push(renderChange(change));
  if (plan.diff !== undefined) parts.push(`${fenceFor(plan.diff)}diff\n${withEnd(plan.diff)}${fenceFor(plan.diff)}`);
  return `${parts.join("\n\n")}\n`;
}

function renderChange(change: FileChange): string {
  if (change.operation === "delete") return `DELETE ${change.path}`;
  if (change.content !== undefined) {
    const fence = fenceFor(change.content);
    const noEol = change.content !== "" && !change.content.endsWith("\n") ? "\n\\ No newline at end of file" : "";
    return `${change.path}\n${fence}\n${withEnd(change.content)}${fence}${noEol}`;
  }
  const edits = change.edits ?? [];
  const n = markerLength(edits.flatMap((edit) => [edit.search, edit.replace]));
  return edits
    .map(
      (edit) =>
        `${change.path}\n${"<".repeat(n)} SEARCH\n${withEnd(edit.search)}${"=".repeat(n)}\n${withEnd(edit.replace)}${">".repeat(n)} REPLACE`,
    )
    .join("\n\n");
}

/** Seven, or one more than the longest marker-like line (`=====`, `<<<<<<< SEARCH`, `>>> REPLACE`) in the texts. */
export function markerLength(texts: readonly string[]): number {
  let longest = 0;
  for (const text of texts)
    for (const line of text.split("\n")) {
      const run = /^(=+|<+ ?SEARCH|>+ ?REPLACE)$/.exec(bare(line))?.[1]?.replace(/ ?(SEARCH|REPLACE)$/, "");
      if (run !== undefined) longest = Math.max(longest, run.length);
    }
  return Math.max(7, longest + 1);
}

/** Three backticks, or one more than the longest run of backticks that starts a line of the content. */
export function fenceFor(content: string): string {
  let longest = 0;
  for (const line of content.split("\n")) longest = Math.max(longest, /^`*/.exec(line)?.[0].length ?? 0);
  return "`".repeat(Math.max(3, longest + 1));
}

function withEnd(text: string): string {
  return text === "" || text.endsWith("\n") ? text : `${text}\n`;
}
