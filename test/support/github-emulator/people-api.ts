import type { LineComment } from "./conversation.ts";
import type { CommentSummary } from "./summaries.ts";
import type { CheckRunState, ReactionContent, StatusState } from "./types.ts";

/**
 * Helpers for tests to act as a person on a pull request (open it, review it, comment on a line, reply,
 * react, close or merge it) and to read back what booty wrote. They follow the same rules as the REST
 * routes: a line comment must be on a line of the diff, a reply joins its thread, and so on.
 */
export interface ReviewSummary {
  id: number;
  pull: number;
  author: string;
  /** Lower case, as webhook payloads carry it: approved, changes_requested, commented, pending. */
  state: string;
  body: string;
  commitId: string;
  submittedAt: string | null;
  htmlUrl: string;
}

export interface ReviewCommentSummary {
  id: number;
  pull: number;
  reviewId: number;
  /** The thread's first comment for a reply, null for a thread's first comment. */
  inReplyTo: number | null;
  author: string;
  body: string;
  path: string;
  line: number;
  diffHunk: string;
  commitId: string;
  createdAt: string;
  updatedAt: string;
  htmlUrl: string;
}

export interface ReactionSummary {
  content: ReactionContent;
  user: string;
  createdAt: string;
}

export interface CheckRunSummary {
  id: number;
  name: string;
  headSha: string;
  status: CheckRunState["status"];
  conclusion: string | null;
  title: string | null;
  summary: string | null;
  text: string | null;
  detailsUrl: string | null;
  annotations: CheckRunState["annotations"];
  htmlUrl: string;
}

export type StatusSummary = Omit<StatusState, "creator"> & { creator: string };

export type ReactionSubject =
  | { kind: "issue"; number: number }
  | { kind: "issue_comment" | "review_comment"; id: number };

export type Where = { owner: string; repo: string };

export interface PullConversation {
  /** A pull request by anyone (`author`, the repository owner by default) from an existing branch. */
  openPull(
    opts: Where & { head: string; base?: string; title?: string; body?: string; author?: string; draft?: boolean },
  ): { number: number };
  /** Closes, reopens or merges (the branch is left as it is: merging is a flag, not a git merge). */
  setPullState(opts: Where & { number: number; state: "open" | "closed"; merged?: boolean }): void;
  /** A submitted review with optional line comments (each on a line of the pull request's diff). */
  submitReview(
    opts: Where & {
      pull: number;
      author: string;
      state: "approved" | "changes_requested" | "commented";
      body?: string;
      comments?: LineComment[];
    },
  ): Promise<ReviewSummary & { comments: ReviewCommentSummary[] }>;
  /** A single review comment on a line, or with `inReplyTo` a reply in that comment's thread. */
  addReviewComment(
    opts: Where & { pull: number; author: string; body: string } & (
        | { path: string; line: number }
        | { inReplyTo: number }
      ),
  ): Promise<ReviewCommentSummary>;
  /** Someone marks the thread of `commentId` (its first comment or a reply) resolved, or open again. */
  resolveThread(opts: Where & { pull: number; commentId: number }): void;
  unresolveThread(opts: Where & { pull: number; commentId: number }): void;
  /** A conversation comment on an issue or pull request. */
  addIssueComment(opts: Where & { number: number; author: string; body: string }): CommentSummary;
  /** Someone edits or deletes a conversation comment or a review comment (by id) after the fact. */
  editComment(opts: Where & { kind: "issue_comment" | "review_comment"; id: number; body: string }): void;
  deleteComment(opts: Where & { kind: "issue_comment" | "review_comment"; id: number }): void;
  /** A reaction by someone else (e.g. to check booty's own reaction is not confused with it). */
  addReaction(opts: Where & { target: ReactionSubject; user: string; content: ReactionContent }): void;
  reviews(owner: string, repo: string, pull: number): ReviewSummary[];
  /** Every review comment on the pull request (first comments and replies), oldest first. */
  reviewComments(owner: string, repo: string, pull: number): ReviewCommentSummary[];
  /** The replies in the thread `commentId` belongs to, oldest first. */
  replies(owner: string, repo: string, commentId: number): ReviewCommentSummary[];
  reactions(owner: string, repo: string, target: ReactionSubject): ReactionSummary[];
  /** Check runs, oldest first; of one commit when `sha` is given. */
  checkRuns(owner: string, repo: string, sha?: string): CheckRunSummary[];
  /** Commit statuses, oldest first; of one commit when `sha` is given. */
  statuses(owner: string, repo: string, sha?: string): StatusSummary[];
}
