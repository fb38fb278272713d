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
}

export interface EnsuredPullRequest {
  number: number;
  url: string;
  created: boolean;
  /** The draft state the pull request has now (a forge may not allow changing it after creation). */
  draft: boolean;
}

export interface Forge {
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
