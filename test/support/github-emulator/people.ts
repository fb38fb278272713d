import { type LineComment, react, replyTo, singleComment, submitReview } from "./conversation.ts";
import { resolveCommit } from "./git-diff.ts";
import type { PullIssue } from "./routes/helpers.ts";
import type { EmulatorStore } from "./store.ts";
import type { CommentSummary } from "./summaries.ts";
import { requireRepo } from "./summaries.ts";
import type {
  CheckRunState,
  ReactionContent,
  RepoState,
  ReviewCommentState,
  ReviewState,
  StatusState,
} from "./types.ts";

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

type Where = { owner: string; repo: string };

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
  /** A conversation comment on an issue or pull request. */
  addIssueComment(opts: Where & { number: number; author: string; body: string }): CommentSummary;
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

const VERDICTS = { approved: "APPROVE", changes_requested: "REQUEST_CHANGES", commented: "COMMENT" } as const;

function html(base: string, repo: RepoState) {
  return `${base}/${repo.owner.login}/${repo.name}`;
}

function reviewSummary(base: string, repo: RepoState, review: ReviewState): ReviewSummary {
  const { id, pull, body, commitId, submittedAt } = review;
  const htmlUrl = `${html(base, repo)}/pull/${pull}#pullrequestreview-${id}`;
  return {
    id,
    pull,
    author: review.author.login,
    state: review.state.toLowerCase(),
    body,
    commitId,
    submittedAt,
    htmlUrl,
  };
}

function commentSummary(base: string, repo: RepoState, comment: ReviewCommentState): ReviewCommentSummary {
  const { author, inReplyTo, ...rest } = comment;
  const htmlUrl = `${html(base, repo)}/pull/${comment.pull}#discussion_r${comment.id}`;
  return { ...rest, author: author.login, inReplyTo: inReplyTo ?? null, htmlUrl };
}

function pullOf(repo: RepoState, number: number): PullIssue {
  const issue = repo.issues.get(number);
  if (!issue?.pull) throw new Error(`emulator: no pull request ${repo.owner.login}/${repo.name}#${number}`);
  return issue as PullIssue;
}

function subjectOf(target: ReactionSubject) {
  return target.kind === "issue" ? { kind: target.kind, id: target.number } : { kind: target.kind, id: target.id };
}

export function conversationHelpers(store: EmulatorStore, base: string): PullConversation {
  const repoOf = (where: Where) => requireRepo(store, where.owner, where.repo);
  return {
    openPull(opts) {
      const repo = repoOf(opts);
      const now = store.stamp();
      const number = repo.nextNumber++;
      repo.issues.set(number, {
        id: store.nextId(),
        number,
        title: opts.title ?? `Changes from ${opts.head}`,
        body: opts.body ?? "",
        state: "open",
        labels: [],
        author: store.user(opts.author ?? repo.owner.login),
        comments: [],
        createdAt: now,
        updatedAt: now,
        closedAt: null,
        pull: {
          id: store.nextId(),
          head: opts.head,
          headOwner: repo.owner.login,
          base: opts.base ?? repo.defaultBranch,
          draft: opts.draft ?? false,
          merged: false,
        },
      });
      return { number };
    },
    setPullState(opts) {
      const issue = pullOf(repoOf(opts), opts.number);
      issue.state = opts.state;
      issue.pull.merged = opts.state === "closed" && opts.merged === true;
      issue.closedAt = opts.state === "closed" ? store.stamp() : null;
      issue.updatedAt = store.stamp();
    },
    async submitReview(opts) {
      const repo = repoOf(opts);
      const issue = pullOf(repo, opts.pull);
      const event = VERDICTS[opts.state.toLowerCase() as keyof typeof VERDICTS];
      const author = store.user(opts.author);
      const result = await submitReview(store, repo, issue, {
        author,
        event,
        body: opts.body ?? "",
        comments: opts.comments ?? [],
      });
      const comments = result.comments.map((comment) => commentSummary(base, repo, comment));
      return { ...reviewSummary(base, repo, result.review), comments };
    },
    async addReviewComment(opts) {
      const repo = repoOf(opts);
      const issue = pullOf(repo, opts.pull);
      const author = store.user(opts.author);
      if ("inReplyTo" in opts) {
        const target = repo.reviewComments.find((comment) => comment.id === opts.inReplyTo);
        if (!target) throw new Error(`emulator: no review comment ${opts.inReplyTo} in ${opts.owner}/${opts.repo}`);
        return commentSummary(base, repo, replyTo(store, repo, target, author, opts.body));
      }
      const commitId = await resolveCommit(repo.dir, issue.pull.head);
      const comment = await singleComment(store, repo, issue, {
        author,
        path: opts.path,
        line: opts.line,
        body: opts.body,
        ...(commitId ? { commitId } : {}),
      });
      return commentSummary(base, repo, comment);
    },
    addIssueComment(opts) {
      const issue = repoOf(opts).issues.get(opts.number);
      if (!issue) throw new Error(`emulator: no issue ${opts.owner}/${opts.repo}#${opts.number}`);
      const now = store.stamp();
      const comment = {
        id: store.nextId(),
        body: opts.body,
        author: store.user(opts.author),
        createdAt: now,
        updatedAt: now,
      };
      issue.comments.push(comment);
      issue.updatedAt = now;
      return { ...comment, author: comment.author.login };
    },
    addReaction(opts) {
      react(store, repoOf(opts), subjectOf(opts.target), store.user(opts.user), opts.content);
    },
    reviews(owner, name, pull) {
      const repo = requireRepo(store, owner, name);
      return repo.reviews.filter((review) => review.pull === pull).map((review) => reviewSummary(base, repo, review));
    },
    reviewComments(owner, name, pull) {
      const repo = requireRepo(store, owner, name);
      return repo.reviewComments.filter((c) => c.pull === pull).map((c) => commentSummary(base, repo, c));
    },
    replies(owner, name, commentId) {
      const repo = requireRepo(store, owner, name);
      const target = repo.reviewComments.find((comment) => comment.id === commentId);
      const root = target?.inReplyTo ?? target?.id;
      return repo.reviewComments.filter((c) => c.inReplyTo === root).map((c) => commentSummary(base, repo, c));
    },
    reactions(owner, name, target) {
      const subject = subjectOf(target);
      return requireRepo(store, owner, name)
        .reactions.filter((reaction) => reaction.subject.kind === subject.kind && reaction.subject.id === subject.id)
        .map((reaction) => ({ content: reaction.content, user: reaction.user.login, createdAt: reaction.createdAt }));
    },
    checkRuns(owner, name, sha) {
      const repo = requireRepo(store, owner, name);
      return repo.checkRuns
        .filter((run) => sha === undefined || run.headSha === sha)
        .map((run) => ({
          id: run.id,
          name: run.name,
          headSha: run.headSha,
          status: run.status,
          conclusion: run.conclusion,
          title: run.title,
          summary: run.summary,
          text: run.text,
          detailsUrl: run.detailsUrl,
          annotations: run.annotations.map((annotation) => ({ ...annotation })),
          htmlUrl: `${html(base, repo)}/runs/${run.id}`,
        }));
    },
    statuses(owner, name, sha) {
      return requireRepo(store, owner, name)
        .statuses.filter((status) => sha === undefined || status.sha === sha)
        .map((status) => ({ ...status, creator: status.creator.login }));
    },
  };
}
