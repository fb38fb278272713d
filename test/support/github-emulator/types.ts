/** In-memory state of one emulator instance; nothing here is shared between instances. */
export type RepoPermission = "admin" | "maintain" | "write" | "triage" | "read" | "none";

export interface UserState {
  id: number;
  login: string;
  type: "User" | "Bot" | "Organization";
}

export interface CommentState {
  id: number;
  body: string;
  author: UserState;
  createdAt: string;
  updatedAt: string;
  /** Every body it had, oldest first, when it was edited (tests read how a status comment moved). */
  history?: string[];
}

export interface PullFields {
  head: string;
  headOwner: string;
  base: string;
  draft: boolean;
  merged: boolean;
}

/** Issues and pull requests share one number sequence per repository, as on GitHub. */
export interface IssueState {
  id: number;
  number: number;
  title: string;
  body: string | null;
  state: "open" | "closed";
  labels: string[];
  author: UserState;
  comments: CommentState[];
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  pull?: PullFields & { id: number };
}

export interface LabelState {
  id: number;
  name: string;
  color: string;
  description: string | null;
}

export interface RepoState {
  id: number;
  owner: UserState;
  name: string;
  defaultBranch: string;
  private: boolean;
  /** Bare repository on disk, served over smart HTTP. */
  dir: string;
  createdAt: string;
  issues: Map<number, IssueState>;
  labels: Map<string, LabelState>;
  permissions: Map<string, RepoPermission>;
  nextNumber: number;
  /** The pull-request conversation and commit checks, kept per repository like GitHub's ids. */
  reviews: ReviewState[];
  reviewComments: ReviewCommentState[];
  /** Review threads marked resolved, by their first comment's id (GitHub shows this over GraphQL only). */
  resolvedThreads: Set<number>;
  reactions: ReactionState[];
  checkRuns: CheckRunState[];
  statuses: StatusState[];
}

export type ReviewStateName = "APPROVED" | "CHANGES_REQUESTED" | "COMMENTED" | "DISMISSED" | "PENDING";

export interface ReviewState {
  id: number;
  pull: number;
  author: UserState;
  state: ReviewStateName;
  body: string;
  commitId: string;
  submittedAt: string | null;
}

export interface ReviewCommentState {
  id: number;
  pull: number;
  reviewId: number;
  /** The thread's first comment, for a reply. */
  inReplyTo: number | undefined;
  author: UserState;
  body: string;
  path: string;
  line: number;
  commitId: string;
  diffHunk: string;
  createdAt: string;
  updatedAt: string;
}

export type ReactionContent = "+1" | "-1" | "laugh" | "confused" | "heart" | "hooray" | "rocket" | "eyes";

export interface ReactionState {
  id: number;
  /** What was reacted to: an issue or pull request by number, a comment by id. */
  subject: { kind: "issue" | "issue_comment" | "review_comment"; id: number };
  user: UserState;
  content: ReactionContent;
  createdAt: string;
}

export interface AnnotationState {
  path: string;
  startLine: number;
  endLine: number;
  level: string;
  message: string;
  title: string | null;
}

export interface CheckRunState {
  id: number;
  headSha: string;
  name: string;
  status: "queued" | "in_progress" | "completed";
  conclusion: string | null;
  startedAt: string;
  completedAt: string | null;
  detailsUrl: string | null;
  externalId: string | null;
  title: string | null;
  summary: string | null;
  text: string | null;
  annotations: AnnotationState[];
  /** The installation whose token created it (check runs belong to an App). */
  installationId: number;
}

export interface StatusState {
  id: number;
  sha: string;
  state: "error" | "failure" | "pending" | "success";
  description: string | null;
  targetUrl: string | null;
  context: string;
  creator: UserState;
  createdAt: string;
  updatedAt: string;
}

export type TokenPermissions = Record<string, "read" | "write">;

export interface TokenState {
  token: string;
  user: UserState;
  /** Repository full names (owner/repo, lower case) the token may reach; undefined means every repository. */
  repos: Set<string> | undefined;
  permissions: TokenPermissions | undefined;
  expiresAt: number;
  installationId?: number;
}

export interface InstallationState {
  id: number;
  account: UserState;
  /** Repository names under `account`; "all" covers every repository of the account. */
  repos: string[] | "all";
  permissions: TokenPermissions;
  createdAt: string;
}

export interface AppState {
  id: number;
  slug: string;
  name: string;
  /** Present when the emulator generated the key or was given it. */
  privateKeyPem: string | undefined;
  publicKeyPem: string;
  bot: UserState;
  owner: UserState;
}

export interface RequestLogEntry {
  method: string;
  path: string;
  status: number;
  at: number;
}
