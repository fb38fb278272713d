import type { IssueAnalysis } from "../schemas/index.ts";
import type { Prompt } from "./analyze.ts";
import { fence, formatFiles, type PromptFile, type PromptIssue } from "./fence.ts";
import { issueWithAnalysis } from "./generate.ts";
import { JSON_ONLY, TRUST_RULES } from "./system.ts";

export interface ReproduceInput {
  issue: PromptIssue;
  analysis: IssueAnalysis;
  /** The repository's test command, which the new test must fit. */
  testCommand: string;
  /** Existing tests (for framework, style and folder) and the code under test. */
  files: readonly PromptFile[];
  /** Why the previous answer was no reproduction (it passed at the base), when it was not. */
  previous?: string | undefined;
}

const SYSTEM = `You are booty, a careful software engineer. Before fixing a bug you write a test that
reproduces it.

${TRUST_RULES}

Your task now: write ONE new test file, in the repository's own test framework, style and test folder,
that fails on the current code because of the bug the issue reports and will pass once it is fixed.
Test the behaviour the issue describes, not implementation details. Give a repository-relative path that
does not exist yet. Give a command only when the repository's test command would not run the new file;
otherwise leave it out.
${JSON_ONLY}`;

export function reproducePrompt(input: ReproduceInput): Prompt {
  const content = [
    ...issueWithAnalysis(input.issue, input.analysis),
    `The repository's test command: \`${input.testCommand}\``,
    "Existing tests and the code under test:",
    formatFiles(input.files),
    ...(input.previous ? ["Your previous test did not reproduce the bug:", fence("test_output", input.previous)] : []),
    "Write the reproduction test as instructed in the system prompt.",
  ].join("\n\n");
  return { system: SYSTEM, messages: [{ role: "user", content }] };
}
