import { InputError } from "../errors/index.ts";
import type { Discussion } from "../model/prompts/index.ts";
import { clip } from "../text/clip.ts";
import type { Author } from "../workspace/workspace.ts";
import type { Spent } from "./steps/usage.ts";
import type { IssueInput } from "./types.ts";

export interface PipelineInput {
  /** A local path or a git URL (https, ssh, file). */
  source: string;
  issue: IssueInput;
  /** The issue's comments as of the trigger (`collectDiscussion`); none for a run given only an issue text. */
  discussion?: Discussion | undefined;
  baseBranch?: string | undefined;
  dryRun?: boolean;
  /** Forge token for fetching a private URL; only ever passed to git through its environment. */
  token?: string | undefined;
  /** Who the commit is by: the user for `booty run`, the App's bot for the service. */
  author?: Author | undefined;
  /** Credited with a `Co-authored-by:` line (booty, when the commit is in the user's name). */
  coAuthor?: Author | undefined;
  /** A local branch left by an earlier run: replace it (booty's commits only) or continue on it. */
  existingBranch?: "replace" | "continue" | undefined;
  runId: string;
  /** What earlier attempts of the same job spent: the caps count from there (absent for a first attempt). */
  spent?: Spent | undefined;
  /** `owner/name` on the forge, when known: decides whether this is booty's own repository. */
  repoFullName?: string | undefined;
  /** Aborted when the run must stop (a shutdown): no further step starts. */
  signal?: AbortSignal | undefined;
  /** "optional" (`--no-verify`): tests that cannot run do not stop the run; it goes on, unverified. */
  verify?: "required" | "optional" | undefined;
}

/** An issue needs a title or a body; a missing title is taken from the body's first line. */
export function checkIssue(issue: IssueInput): IssueInput {
  const title = issue.title.trim();
  const body = issue.body.trim();
  if (title === "" && body === "")
    throw new InputError("the issue is empty: give it a title or a body", { where: "issue" });
  return { ...issue, title: title || clip(body.split("\n")[0] ?? "", 80), body };
}
