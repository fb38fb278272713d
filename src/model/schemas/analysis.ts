import { z } from "zod";

export const COMMIT_TYPES = [
  "feat",
  "fix",
  "docs",
  "style",
  "refactor",
  "perf",
  "test",
  "build",
  "ci",
  "chore",
  "revert",
] as const;

export const ISSUE_KINDS = ["bug", "feature", "refactor", "docs", "chore"] as const;

/** What the model understood of the issue, and which files it wants to touch. */
export const IssueAnalysis = z
  .object({
    summary: z.string().min(1).max(200).describe("One line, imperative, lower case: what the change does"),
    commitType: z.enum(COMMIT_TYPES).describe("Conventional commit type"),
    commitScope: z
      .string()
      .regex(/^[a-z0-9][a-z0-9._-]*$/i)
      .max(40)
      .optional()
      .describe("Conventional commit scope, optional"),
    taskDescription: z.string().min(1).describe("What exactly must change and why"),
    filesToModify: z.array(z.string().min(1)).default([]),
    filesToCreate: z.array(z.string().min(1)).default([]),
    filesToDelete: z.array(z.string().min(1)).default([]),
    acceptanceCriteria: z.array(z.string()).default([]),
    kind: z
      .enum(ISSUE_KINDS)
      .optional()
      .describe("bug: something works wrong and a test can show it; feature, refactor, docs or chore otherwise"),
  })
  .strict();

export type IssueAnalysis = z.output<typeof IssueAnalysis>;
