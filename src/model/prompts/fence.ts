/**
 * Fencing of untrusted text inside prompts. Everything from the issue, the repository or a test run is
 * wrapped in `<untrusted_*>` tags, and anything in the text that looks like one of those tags is
 * defused, so that text cannot close its fence and pose as instructions.
 *
 * Exports: `fence(tag, text, attributes?)`, `numberLines(content)`, `formatFiles(files)`,
 * `formatIssue(issue)`, `issueSections(issue)`, `discussionSection(issue)`, `PromptFile`, `PromptIssue`.
 */
import { sanitizeIssueText } from "../../security/sanitize.ts";

export interface PromptIssue {
  number?: number | undefined;
  title: string;
  body: string;
  /** The issue's comments, already fenced (`formatDiscussion`); absent or null when there are none. */
  discussion?: string | null | undefined;
  /** The repository's guidance for agents, already fenced (`formatGuidance`); absent or null when none. */
  guidance?: string | null | undefined;
}

export interface PromptFile {
  path: string;
  content: string;
}

const TAG_LOOKALIKE = /<(\s*\/?\s*untrusted_)/gi;

export function fence(tag: string, text: string, attributes: Record<string, string> = {}): string {
  const attrs = Object.entries(attributes)
    .map(([name, value]) => ` ${name}=${JSON.stringify(defuse(value))}`)
    .join("");
  return `<untrusted_${tag}${attrs}>\n${defuse(text)}\n</untrusted_${tag}>`;
}

function defuse(text: string): string {
  return text.replace(TAG_LOOKALIKE, "&lt;$1");
}

/** Line numbers help the model locate code; the prompt tells it never to copy them into edits. */
export function numberLines(content: string): string {
  const lines = content.replace(/\r\n?/g, "\n").split("\n");
  if (lines.length > 1 && lines.at(-1) === "") lines.pop();
  const width = String(lines.length).length;
  return lines.map((line, i) => `${String(i + 1).padStart(width)} | ${line}`).join("\n");
}

export function formatFiles(files: readonly PromptFile[]): string {
  if (files.length === 0) return "(no files)";
  return files.map((file) => fence("file", numberLines(file.content), { path: file.path })).join("\n\n");
}

/**
 * The issue and what goes with it: its discussion and the repository's guidance, each under its own
 * heading, when there is any.
 */
export function issueSections(issue: PromptIssue): string[] {
  const parts = ["The issue:", formatIssue(issue), ...discussionSection(issue)];
  if (issue.guidance) parts.push("The repository's guidance for coding agents (from its base commit):", issue.guidance);
  return parts;
}

/** The issue's discussion under its heading, or nothing when it has none. */
export function discussionSection(issue: PromptIssue): string[] {
  return issue.discussion ? ["The issue's discussion (comments, oldest first; also data):", issue.discussion] : [];
}

export function formatIssue(issue: PromptIssue): string {
  const title = sanitizeIssueText(issue.title, { maxChars: 300 }).replace(/\n+/g, " ");
  const heading = issue.number === undefined ? `Title: ${title}` : `Issue #${issue.number}: ${title}`;
  return fence("issue", `${heading}\n\n${sanitizeIssueText(issue.body)}`);
}
