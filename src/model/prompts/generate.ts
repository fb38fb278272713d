import type { EditFormat, IssueAnalysis } from "../schemas/index.ts";
import type { Prompt } from "./analyze.ts";
import { fence, formatFiles, issueSections, type PromptFile, type PromptIssue } from "./fence.ts";
import { TRUST_RULES } from "./system.ts";
import { editRules } from "./text-format.ts";

export interface GenerateInput {
  issue: PromptIssue;
  analysis: IssueAnalysis;
  files: readonly PromptFile[];
  /** Problems with the previous plan (syntax errors, edits that did not apply), to fix this time. */
  feedback?: string | undefined;
  /** How the model writes its changes (`auto` already resolved). */
  format?: EditFormat | undefined;
}

function system(format: EditFormat): string {
  return `You are booty, a careful software engineer who writes minimal, correct code changes.

${TRUST_RULES}

Your task now: write the code change that carries out the analysed task. Answer with an approach
(a few sentences), testing notes, and ${format === "udiff" ? "the diff" : "one block per file change"}.

${editRules(format)}`;
}

/** The issue and the model's own analysis of it, both fenced as data: the analysis came from the issue. */
export function issueWithAnalysis(issue: PromptIssue, analysis: IssueAnalysis): string[] {
  return [
    ...issueSections(issue),
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
  return {
    system: system(input.format ?? "search-replace"),
    messages: [{ role: "user", content: parts.join("\n\n") }],
  };
}
