import type { Discussion } from "../../discussion/index.ts";
import type { Author, Workspace } from "../../workspace/workspace.ts";
import type { PipelineDeps } from "../deps.ts";
import type { Spent } from "../steps/usage.ts";
import type { IssueInput, RunReport } from "../types.ts";
import type { OpenRequests } from "./open-requests.ts";

/** A pull request as the review job reads it from the forge, at the start of the job. */
export interface ReviewedPull {
  number: number;
  url: string;
  draft: boolean;
  title: string;
  body: string;
  head: { ref: string; sha: string };
  base: { ref: string };
}

export interface ReviewInput {
  /** The repository's clone URL (or a local path, in tests). */
  source: string;
  token?: string | undefined;
  runId: string;
  /** What earlier attempts of the same job spent: the cost caps count from there. */
  spent?: Spent | undefined;
  signal?: AbortSignal | undefined;
  repoFullName?: string | undefined;
  author?: Author | undefined;
  pull: ReviewedPull;
  /** The issue the pull request resolves, when known. */
  issue: IssueInput | null;
  /** That issue's comments as of the trigger (`collectDiscussion`), shown to the review decision. */
  discussion?: Discussion | undefined;
  open: OpenRequests;
}

/** What booty does about one open request, after the policy had its say. */
export interface SettledDecision {
  id: number;
  /** A review thread (reply in it), or a review's body or a `/booty` comment (answered in the conversation). */
  kind: "thread" | "review" | "comment";
  action: "change" | "answer" | "decline";
  reply: string;
  files: string[];
}

export interface ReviewReport extends RunReport {
  decisions: SettledDecision[];
  /** The follow-up commit, once pushed onto the pull request's branch. */
  pushed?: string;
  /** The verification section for the pull request's body, when the follow-up was verified. */
  verificationSummary?: string;
}

/** Pushes the follow-up commit onto the pull request's branch; never over someone else's commits. */
export type PushFollowUp = (ws: Workspace, expected: string) => Promise<{ sha: string }>;

export interface ReviewDeps extends PipelineDeps {
  pushFollowUp: PushFollowUp;
}
