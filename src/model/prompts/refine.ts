import type { EditFormat, IssueAnalysis } from "../schemas/index.ts";
import type { Prompt } from "./analyze.ts";
import { fence, formatFiles, type PromptFile, type PromptIssue } from "./fence.ts";
import { issueWithAnalysis } from "./generate.ts";
import { TRUST_RULES } from "./system.ts";
import { editRules } from "./text-format.ts";

export interface RefineInput {
  issue: PromptIssue;
  analysis: IssueAnalysis;
  /** A summary of the failing tests after the previous change. */
  failures: string;
  /** The files as they are now, with the previous change applied. */
  files: readonly PromptFile[];
  /** How the model writes its changes (`auto` already resolved). */
  format?: EditFormat | undefined;
}

const system = (
  format: EditFormat,
) => `You are booty, a careful software engineer. Your previous change made the repository's
tests fail, or did not make them pass. Fix it.

${TRUST_RULES}

Your task now: write further changes, against the files as they are NOW, so that the tests pass
and the issue stays resolved. Do not delete or weaken tests to make them pass.

${editRules(format)}`;

export function refinePrompt(input: RefineInput): Prompt {
  const content = [
    ...issueWithAnalysis(input.issue, input.analysis),
    "Test failures after your change:",
    fence("test_output", input.failures.trim() === "" ? "(no output)" : input.failures),
    "Current contents of the files involved:",
    formatFiles(input.files),
    "Write the fix as instructed in the system prompt.",
  ].join("\n\n");
  return { system: system(input.format ?? "search-replace"), messages: [{ role: "user", content }] };
}
