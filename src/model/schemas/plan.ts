import { z } from "zod";

export const SearchReplaceEdit = z
  .object({
    search: z.string().min(1).describe("Exact text that occurs exactly once in the current file"),
    replace: z.string().describe("Text that replaces it"),
  })
  .strict();

const path = z.string().min(1);
const operation = z.enum(["create", "modify", "delete"]);
const explanation = z.string().default("");
const edits = z.array(SearchReplaceEdit).optional().describe("For modify: search/replace blocks (preferred)");
const content = z.string().optional().describe("For create, or a whole-file rewrite");
const fileDiff = z.string().optional().describe("For modify: a unified diff of this file, instead of edits");
const approach = z.string().min(1);
const testingNotes = z.string().default("");

type ChangeShape = { path: string; operation: string; edits?: unknown[] | undefined; content?: string | undefined };

function needsBody(change: ChangeShape & { diff?: string | undefined }, ctx: z.RefinementCtx): void {
  if (change.operation === "create" && change.content === undefined && change.diff === undefined) {
    ctx.addIssue({ code: "custom", message: `create of ${change.path} needs content`, path: ["content"] });
  }
  const body = change.content !== undefined || (change.edits ?? []).length > 0 || change.diff !== undefined;
  if (change.operation === "modify" && !body) {
    ctx.addIssue({ code: "custom", message: `modify of ${change.path} needs edits or content`, path: ["edits"] });
  }
}

/** A change as booty reads it from any source: edits, a diff of the file, or its whole content. */
export const FileChange = z
  .object({ path, operation, edits, diff: fileDiff, content, explanation })
  .strict()
  .superRefine(needsBody);

/**
 * The edits the model proposes, and what `booty apply --plan` reads. Also the shape of a refine round's
 * answer. The whole change may instead be one unified diff of several files.
 */
export const CodeGenerationPlan = z
  .object({
    approach,
    testingNotes,
    changes: z.array(FileChange).default([]),
    diff: z.string().optional().describe("The whole change as one unified diff of one or more files"),
  })
  .strict()
  .superRefine((plan, ctx) => {
    if (plan.changes.length === 0 && plan.diff === undefined) {
      ctx.addIssue({ code: "custom", message: "a plan needs changes or a diff", path: ["changes"] });
    }
  });

/** What the model is asked for with search/replace or whole-file edits: no diffs. */
export const EditsPlan = z
  .object({
    approach,
    testingNotes,
    changes: z.array(z.object({ path, operation, edits, content, explanation }).strict().superRefine(needsBody)).min(1),
  })
  .strict();

/** What the model is asked for with unified diffs: the whole change as one diff. */
export const DiffPlan = z
  .object({
    approach,
    testingNotes,
    diff: z.string().min(1).describe("The whole change as one unified diff (--- a/PATH, +++ b/PATH, @@ hunks)"),
  })
  .strict();

/** How the model is asked to write changes; `auto` is resolved to one of the others per run. */
export type EditFormat = "search-replace" | "udiff" | "whole";

/** A whole-file rewrite of a longer existing file is refused: the model should send edits for it. */
export const MAX_WHOLE_FILE_LINES = 400;

/** The schema the model answers with, for an edit format; every answer is a CodeGenerationPlan. */
export function planSchemaFor(format: EditFormat): { schema: typeof EditsPlan | typeof DiffPlan; name: string } {
  return format === "udiff"
    ? { schema: DiffPlan, name: "DiffPlan" }
    : { schema: EditsPlan, name: "CodeGenerationPlan" };
}

export type SearchReplaceEdit = z.output<typeof SearchReplaceEdit>;
export type FileChange = z.output<typeof FileChange>;
export type CodeGenerationPlan = z.output<typeof CodeGenerationPlan>;
