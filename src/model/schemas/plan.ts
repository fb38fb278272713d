import { z } from "zod";

export const SearchReplaceEdit = z
  .object({
    search: z.string().min(1).describe("Exact text that occurs exactly once in the current file"),
    replace: z.string().describe("Text that replaces it"),
  })
  .strict();

export const FileChange = z
  .object({
    path: z.string().min(1),
    operation: z.enum(["create", "modify", "delete"]),
    edits: z.array(SearchReplaceEdit).optional().describe("For modify: search/replace blocks (preferred)"),
    content: z.string().optional().describe("For create, or a whole-file rewrite"),
    explanation: z.string().default(""),
  })
  .strict()
  .superRefine((change, ctx) => {
    if (change.operation === "create" && change.content === undefined) {
      ctx.addIssue({ code: "custom", message: `create of ${change.path} needs content`, path: ["content"] });
    }
    if (change.operation === "modify" && change.content === undefined && (change.edits ?? []).length === 0) {
      ctx.addIssue({ code: "custom", message: `modify of ${change.path} needs edits or content`, path: ["edits"] });
    }
  });

/** The edits the model proposes. Also the shape of a refine round's answer. */
export const CodeGenerationPlan = z
  .object({
    approach: z.string().min(1),
    testingNotes: z.string().default(""),
    changes: z.array(FileChange).min(1),
  })
  .strict();

export type SearchReplaceEdit = z.output<typeof SearchReplaceEdit>;
export type FileChange = z.output<typeof FileChange>;
export type CodeGenerationPlan = z.output<typeof CodeGenerationPlan>;
