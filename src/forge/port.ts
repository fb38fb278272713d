/**
 * The forge port: what booty needs from GitHub (or, later, Gitea/GitLab). Every write is an idempotent
 * `ensure*` so that a retried job never leaves a second comment or pull request behind.
 */
export interface RepoRef {
  owner: string;
  repo: string;
}

/** A collaborator's role, strongest first. Custom roles map to the base role they extend. */
export type Permission = "admin" | "maintain" | "write" | "triage" | "read" | "none";

export const PERMISSIONS: readonly Permission[] = ["admin", "maintain", "write", "triage", "read", "none"];

export interface GitAuth {
  /** https://host/owner/repo.git as the forge reports it (never carries the token). */
  cloneUrl: string;
  /** Short-lived credential; pass it to git through its environment only. */
  token: string;
  /** `https://host[:port]`, the only origin the token may be sent to. */
  origin: string;
}

export interface Repository {
  defaultBranch: string;
  private: boolean;
  fullName: string;
}

export interface Issue {
  number: number;
  title: string;
  body: string;
  state: "open" | "closed";
  labels: string[];
  author: string;
}

export interface EnsureCommentOptions {
  /** Names the comment, e.g. "status"; written into the body as `<!-- booty:status -->`. */
  marker: string;
  body: string;
}

export interface EnsurePullRequestOptions {
  /** Branch name in the same repository (`owner:branch` is derived). */
  head: string;
  base: string;
  title: string;
  body: string;
  draft: boolean;
  /** Best effort: the pull request is ensured even when labelling it fails. */
  labels?: string[];
}

export interface EnsuredComment {
  id: number;
  url: string;
  created: boolean;
}

export interface OpenPullRequest {
  number: number;
  url: string;
  draft: boolean;
  /** When it was opened (ISO 8601): a job tells by it whether an earlier job opened it, or itself. */
  createdAt?: string | undefined;
}

export interface EnsuredPullRequest {
  number: number;
  url: string;
  created: boolean;
  /** The draft state the pull request has now (a forge may not allow changing it after creation). */
  draft: boolean;
}

export interface Forge extends ForgeReviews {
  /** Credentials for git over HTTPS to this repository; for an App, an installation token narrowed to it. */
  gitAuth(ref: RepoRef): Promise<GitAuth>;
  getRepository(ref: RepoRef): Promise<Repository>;
  getIssue(ref: RepoRef, number: number): Promise<Issue>;
  /** The user's role on the repository; "none" when the forge does not know the user. */
  getPermission(ref: RepoRef, username: string): Promise<Permission>;
  /** Updates the comment carrying the marker in place, or creates it. Only booty's own comments count. */
  ensureComment(ref: RepoRef, issueNumber: number, opts: EnsureCommentOptions): Promise<EnsuredComment>;
  /** The open pull request from `head`, if there is one. */
  findPullRequest(ref: RepoRef, head: string): Promise<OpenPullRequest | null>;
  /** Finds the open pull request from `head` and updates it, or creates one. */
  ensurePullRequest(ref: RepoRef, opts: EnsurePullRequestOptions): Promise<EnsuredPullRequest>;
  /** Adds labels (created on the fly when missing); labels already there are kept. */
  ensureLabels(ref: RepoRef, issueNumber: number, labels: string[]): Promise<void>;
  /** The git identity booty commits under on this forge: the App's bot, or the token's user. */
  commitIdentity(ref: RepoRef): Promise<{ name: string; email: string }>;
}

/** A pull request as the review loop reads it. */
export interface PullRequest {
  number: number;
  url: string;
  state: "open" | "closed";
  merged: boolean;
  draft: boolean;
  title: string;
  body: string;
  /** Login of who opened it (booty's bot or token user for the pull requests booty opened). */
  author: string;
  /** The branch and commit as they are on the forge now; `repo` is owner/name of the head repository. */
  head: { ref: string; sha: string; repo: string };
  base: { ref: string; sha: string };
}

/** A comment on the issue or pull request conversation (not on a line of the diff). */
export interface DiscussionComment {
  id: number;
  author: string;
  /** Whether the author is a bot account. */
  bot: boolean;
  body: string;
  createdAt: string;
  updatedAt: string;
}

/** A submitted review: its verdict and summary body (line comments are separate). */
export interface Review {
  id: number;
  author: string;
  /** GitHub's review state, lower case: approved, changes_requested, commented, dismissed, pending. */
  state: string;
  body: string;
  submittedAt: string | null;
  commitId: string | null;
}

/** One comment in a review thread on a line of the diff. */
export interface ReviewComment {
  id: number;
  reviewId: number | null;
  /** The thread's first comment, for a reply; null for the first comment itself. */
  inReplyTo: number | null;
  author: string;
  bot: boolean;
  body: string;
  path: string;
  /** The line in the file on the side commented on; null when the comment is outdated. */
  line: number | null;
  diffHunk: string;
  createdAt: string;
  updatedAt: string;
}

/** Where a reaction goes: the issue (or pull request) itself, a conversation comment, or a review comment. */
export type ReactionTarget =
  | { kind: "issue"; number: number }
  | { kind: "issue_comment"; id: number }
  | { kind: "review_comment"; id: number };

/** The verification outcome shown on a commit: a check run named `booty` with App auth, a commit status otherwise. */
export interface CheckReport {
  /** The commit the check is about (the pull request's head after booty's push). */
  sha: string;
  state: "pending" | "success" | "failure" | "neutral";
  /** One line, e.g. "verified: 12 passed, the issue's failing test now passes". */
  title: string;
  /** Markdown; the verification summary. */
  summary: string;
  /** Failing tests pinned to a file and line, when known (check runs only). */
  annotations?: { path: string; line: number; message: string; title?: string }[];
  /** A link back to booty's job page or status comment, when there is one. */
  detailsUrl?: string;
}

/**
 * A review thread's state, which GitHub keeps only in its GraphQL API: resolved (someone marked the
 * conversation done) and outdated (the lines it was on changed since).
 */
export interface ReviewThreadState {
  /** The id of the thread's first comment, as `ReviewComment.id` has it. */
  rootCommentId: number;
  resolved: boolean;
  outdated: boolean;
}

export interface ForgeReviews {
  getPullRequest(ref: RepoRef, number: number): Promise<PullRequest>;
  /** The issue's (or pull request's) conversation comments, oldest first, all pages. */
  listIssueComments(ref: RepoRef, number: number): Promise<DiscussionComment[]>;
  listReviews(ref: RepoRef, pull: number): Promise<Review[]>;
  /** Every review comment on the pull request, oldest first, all pages. */
  listReviewComments(ref: RepoRef, pull: number): Promise<ReviewComment[]>;
  /**
   * Every review thread's resolved and outdated state; null when the forge cannot tell (no GraphQL, or the
   * call failed: logged as a warning, the job goes on without it).
   */
  listReviewThreadStates(ref: RepoRef, pull: number): Promise<ReviewThreadState[] | null>;
  /** Replies in the thread of `commentId`; returns the reply's id and link. */
  replyToReviewComment(
    ref: RepoRef,
    pull: number,
    commentId: number,
    body: string,
  ): Promise<{ id: number; url: string }>;
  /** Idempotent: a reaction booty already left is not added twice. */
  addReaction(ref: RepoRef, target: ReactionTarget, content: "eyes" | "+1" | "rocket"): Promise<void>;
  /** Creates or updates booty's check run (App) or commit status (token) on `report.sha`. */
  reportCheck(ref: RepoRef, report: CheckReport): Promise<{ url: string | null }>;
}
