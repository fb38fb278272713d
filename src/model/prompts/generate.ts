import type { IssueAnalysis } from "../schemas/index.ts";
import type { Prompt } from "./analyze.ts";
import { fence, formatFiles, formatIssue, type PromptFile, type PromptIssue } from "./fence.ts";
import { JSON_ONLY, TRUST_RULES } from "./system.ts";

export interface GenerateInput {
  issue: PromptIssue;
  analysis: IssueAnalysis;
  files: readonly PromptFile[];
  /** Problems with the previous plan (syntax errors, edits that did not apply), to fix this time. */
  feedback?: string | undefined;
}

export const EDIT_RULES = `How to write changes:
- Each change has a repository-relative path and an operation: create, modify or delete.
- For modify, prefer search/replace edits: "search" is text copied exactly from the current file
  (same whitespace and indentation, WITHOUT the line numbers shown in the prompt) that occurs exactly
  once in that file; "replace" is the new text. Include enough surrounding lines to make the search
  unique, and keep edits small. Edits apply in order, each to the result of the previous one.
- Give whole "content" only for a new file (create) or a very small file; never both edits and content.
- Keep the existing code style. Change only what the task needs; add or update tests when the
  repository has them.`;

const SYSTEM = `You are booty, a careful software engineer who writes minimal, correct code changes.

${TRUST_RULES}

Your task now: write the code change that carries out the analysed task. Answer with an approach
(a few sentences), testing notes, and the list of file changes.

${EDIT_RULES}
${JSON_ONLY}`;

/** The issue and the model's own analysis of it, both fenced as data: the analysis came from the issue. */
export function issueWithAnalysis(issue: PromptIssue, analysis: IssueAnalysis): string[] {
  return [
    "The issue:",
    formatIssue(issue),
    "Your analysis of it (derived from the issue, so also data):",
    fence("analysis", JSON.stringify(analysis, null, 2)),
  ];
}

export function generatePrompt(input: GenerateInput): Prompt {
  const parts = [
    ...issueWithAnalysis(input.issue, input.analysis),
    "Current contents of the files involved:",
    formatFiles(input.files),
  ];
  if (input.feedback !== undefined && input.feedback.trim() !== "") {
    parts.push("Your previous plan had these problems; fix them:", fence("feedback", input.feedback));
  }
  parts.push("Write the change as instructed in the system prompt.");
  return { system: SYSTEM, messages: [{ role: "user", content: parts.join("\n\n") }] };
}
