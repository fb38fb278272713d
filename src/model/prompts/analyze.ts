import type { ModelMessage } from "../port.ts";
import { fence, formatFiles, issueSections, type PromptFile, type PromptIssue } from "./fence.ts";
import { JSON_ONLY, TRUST_RULES } from "./system.ts";

export interface Prompt {
  system: string;
  messages: ModelMessage[];
}

export interface AnalyzeInput {
  issue: PromptIssue;
  /** A repository map or file list, as the pipeline built it. */
  repoOverview: string;
  /** The files ranked most relevant, possibly none. */
  candidateFiles: readonly PromptFile[];
}

const SYSTEM = `You are booty, a careful software engineer. You read a GitHub issue and a repository and
decide what code change resolves the issue.

${TRUST_RULES}

Your task now: analyse the issue. Give a one-line summary (imperative, lower case, no trailing period),
the conventional commit type and optional scope, a precise task description, the files to modify,
create or delete (repository-relative paths, as few as needed; only paths that exist for modify and
delete), acceptance criteria a reviewer can check, and the kind of issue (bug when something works
wrong and a test can show it; otherwise feature, refactor, docs or chore).
${JSON_ONLY}`;

export function analyzePrompt(input: AnalyzeInput): Prompt {
  const content = [
    ...issueSections(input.issue),
    "Repository overview:",
    fence("overview", input.repoOverview.trim() === "" ? "(empty)" : input.repoOverview),
    "Files that look relevant:",
    formatFiles(input.candidateFiles),
    "Analyse the issue as instructed in the system prompt.",
  ].join("\n\n");
  return { system: SYSTEM, messages: [{ role: "user", content }] };
}
