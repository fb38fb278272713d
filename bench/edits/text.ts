/**
 * The text-block input: each derived input (the same perturbed edits, the same diffs) written as the
 * plain-text answer a model now gives, read back by booty's parser and applied by the same appliers.
 * A refusal here is the parser's or the applier's; a wrong result is a file that differs from the
 * intended one.
 *
 * Exports: `viaText(base, input)`, `renderInput(base, input)`, `applyText(base, text, format)`.
 */
import type { CodeGenerationPlan, EditFormat, FileChange } from "../../src/model/schemas/index.ts";
import { parseTextBlocks, renderTextBlocks } from "../../src/model/text-blocks/index.ts";
import type { FileEdit, Input } from "./derive.ts";
import { bootyDiff, bootyEdits, type Outcome, type Tree } from "./tools.ts";

export function viaText(base: Tree, input: Input): Outcome {
  return applyText(base, renderInput(base, input), input.kind === "diff" ? "udiff" : "search-replace");
}

/** The input as a model's answer: an approach, testing notes, then one block per edit (or the diff). */
export function renderInput(base: Tree, input: Input): string {
  const plan: CodeGenerationPlan = { approach: "The change of the patch.", testingNotes: "None.", changes: [] };
  if (input.kind === "diff") return renderTextBlocks({ ...plan, diff: input.diff });
  for (const [path, edit] of Object.entries(input.files)) plan.changes.push(changeOf(base, path, edit));
  return renderTextBlocks(plan);
}

function changeOf(base: Tree, path: string, edit: FileEdit): FileChange {
  if (edit.kind === "delete") return { path, operation: "delete", explanation: "" };
  if (edit.kind === "content") {
    const operation = typeof base[path] === "string" ? "modify" : "create";
    return { path, operation, content: edit.content, explanation: "" };
  }
  return { path, operation: "modify", edits: edit.edits, explanation: "" };
}

/** Parses the answer against the base files and applies what it says, as a run would. */
export function applyText(base: Tree, text: string, format: EditFormat): Outcome {
  const parsed = parseTextBlocks(text, {
    format,
    exists: (path) => typeof base[path] === "string",
    read: (path) => base[path] ?? undefined,
  });
  if (!parsed.ok) return { ok: false, error: `parse: ${parsed.error}` };
  const plan = parsed.value;
  if (plan.diff !== undefined) return bootyDiff(base, plan.diff);
  const files: Record<string, FileEdit> = {};
  for (const change of plan.changes) {
    if (change.operation === "delete") files[change.path] = { kind: "delete" };
    else if (change.content !== undefined) files[change.path] = { kind: "content", content: change.content };
    else files[change.path] = { kind: "edits", edits: change.edits ?? [] };
  }
  return bootyEdits(base, files);
}
