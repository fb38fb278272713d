import { react, replyTo, singleComment, submitReview } from "./conversation.ts";
import { resolveCommit } from "./git-diff.ts";
import type { PullConversation, ReactionSubject, ReviewCommentSummary, ReviewSummary, Where } from "./people-api.ts";
import type { PullIssue } from "./routes/helpers.ts";
import type { EmulatorStore } from "./store.ts";
import { requireRepo } from "./summaries.ts";
import type { RepoState, ReviewCommentState, ReviewState } from "./types.ts";

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

function findComment(repo: RepoState, kind: "issue_comment" | "review_comment", id: number) {
  const found =
    kind === "review_comment"
      ? repo.reviewComments.find((comment) => comment.id === id)
      : [...repo.issues.values()].flatMap((issue) => issue.comments).find((comment) => comment.id === id);
  if (!found) throw new Error(`emulator: no ${kind} ${id} in ${repo.owner.login}/${repo.name}`);
  return found;
}

/** The first comment of the thread `id` belongs to, on that pull request. */
function threadRoot(repo: RepoState, pull: number, id: number): number {
  const comment = repo.reviewComments.find((c) => c.id === id && c.pull === pull);
  if (!comment) throw new Error(`emulator: no review comment ${id} on ${repo.owner.login}/${repo.name}#${pull}`);
  return comment.inReplyTo ?? comment.id;
}

function subjectOf(target: ReactionSubject) {
  return target.kind === "issue" ? { kind: target.kind, id: target.number } : { kind: target.kind, id: target.id };
}

export type * from "./people-api.ts";

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
    resolveThread(opts) {
      const repo = repoOf(opts);
      repo.resolvedThreads.add(threadRoot(repo, opts.pull, opts.commentId));
    },
    unresolveThread(opts) {
      const repo = repoOf(opts);
      repo.resolvedThreads.delete(threadRoot(repo, opts.pull, opts.commentId));
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
    editComment(opts) {
      const found = findComment(repoOf(opts), opts.kind, opts.id);
      found.body = opts.body;
      found.updatedAt = store.stamp();
    },
    deleteComment(opts) {
      const repo = repoOf(opts);
      const found = findComment(repo, opts.kind, opts.id);
      if (opts.kind === "review_comment") repo.reviewComments = repo.reviewComments.filter((c) => c !== found);
      for (const issue of repo.issues.values()) issue.comments = issue.comments.filter((c) => c !== found);
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
