import { type FileChange, filesBetween, hunkFor, resolveCommit } from "./git-diff.ts";
import type { PullIssue } from "./routes/helpers.ts";
import type { EmulatorStore } from "./store.ts";
import type {
  ReactionContent,
  ReactionState,
  RepoState,
  ReviewCommentState,
  ReviewState,
  ReviewStateName,
  UserState,
} from "./types.ts";

/**
 * The pull-request conversation's rules, shared by the REST routes and the helpers tests use to act as a
 * person: a review comment must sit on a line of the diff, replies join the thread's first comment, a
 * reaction is left once per user and content.
 */
/** Why GitHub would refuse the write (a 422), in its words. */
export class Refused extends Error {}

export const REACTIONS: readonly ReactionContent[] = [
  "+1",
  "-1",
  "laugh",
  "confused",
  "heart",
  "hooray",
  "rocket",
  "eyes",
];

export const REVIEW_EVENTS: Record<string, ReviewStateName> = {
  APPROVE: "APPROVED",
  REQUEST_CHANGES: "CHANGES_REQUESTED",
  COMMENT: "COMMENTED",
};

export async function headOf(repo: RepoState, issue: PullIssue): Promise<string> {
  const sha = await resolveCommit(repo.dir, issue.pull.head);
  if (!sha) throw new Refused(`the head branch ${issue.pull.head} of #${issue.number} no longer exists`);
  return sha;
}

export interface LineComment {
  path: string;
  line: number;
  body: string;
}

/** Diffs by repository and commit pair: commits never change, and a 500-comment thread should not run git 2,000 times. */
const diffs = new WeakMap<RepoState, Map<string, Promise<FileChange[]>>>();

function diffOf(repo: RepoState, base: string, head: string): Promise<FileChange[]> {
  const byPair = diffs.get(repo) ?? new Map<string, Promise<FileChange[]>>();
  diffs.set(repo, byPair);
  let found = byPair.get(`${base}...${head}`);
  if (!found) {
    found = filesBetween(repo.dir, base, head);
    byPair.set(`${base}...${head}`, found);
  }
  return found;
}

/** A comment on `path`:`line` of the pull request's diff at `commitId` (its head by default). */
export async function commentOnLine(
  store: EmulatorStore,
  repo: RepoState,
  issue: PullIssue,
  opts: LineComment & { author: UserState; reviewId: number; commitId: string },
): Promise<ReviewCommentState> {
  if (opts.body.length === 0) throw new Refused("body can't be blank");
  const base = await resolveCommit(repo.dir, issue.pull.base);
  const files = base ? await diffOf(repo, base, opts.commitId) : [];
  const file = files.find((change) => change.filename === opts.path);
  if (!file) throw new Refused("pull_request_review_thread.path diff too large or not in the pull request's diff");
  const diffHunk = hunkFor(file.patch, opts.line);
  if (!diffHunk) throw new Refused("pull_request_review_thread.line must be part of the diff");
  const now = store.stamp();
  const comment: ReviewCommentState = {
    id: store.nextId(),
    pull: issue.number,
    reviewId: opts.reviewId,
    inReplyTo: undefined,
    author: opts.author,
    body: opts.body,
    path: opts.path,
    line: opts.line,
    commitId: opts.commitId,
    diffHunk,
    createdAt: now,
    updatedAt: now,
  };
  repo.reviewComments.push(comment);
  return comment;
}

function newReview(store: EmulatorStore, pull: number, author: UserState, state: ReviewStateName, body: string) {
  return {
    id: store.nextId(),
    pull,
    author,
    state,
    body,
    commitId: "",
    submittedAt: state === "PENDING" ? null : store.stamp(),
  } satisfies ReviewState;
}

/** A review with its line comments; without `event` it stays pending, as on GitHub. */
export async function submitReview(
  store: EmulatorStore,
  repo: RepoState,
  issue: PullIssue,
  opts: { author: UserState; event: string | undefined; body: string; comments: LineComment[]; commitId?: string },
): Promise<{ review: ReviewState; comments: ReviewCommentState[] }> {
  const state = opts.event === undefined ? "PENDING" : REVIEW_EVENTS[opts.event];
  if (!state) throw new Refused(`event ${opts.event} is not one of APPROVE, REQUEST_CHANGES, COMMENT`);
  const own = opts.author.id === issue.author.id;
  if (own && state === "APPROVED") throw new Refused("Can not approve your own pull request");
  if (own && state === "CHANGES_REQUESTED") throw new Refused("Can not request changes on your own pull request");
  if (state === "CHANGES_REQUESTED" && opts.body.length === 0) {
    throw new Refused("Review Can not request changes without a body");
  }
  if (state === "COMMENTED" && opts.body.length === 0 && opts.comments.length === 0) {
    throw new Refused("Review Can not comment without a body or line comments");
  }
  const commitId = opts.commitId ?? (await headOf(repo, issue));
  const review = { ...newReview(store, issue.number, opts.author, state, opts.body), commitId };
  const comments: ReviewCommentState[] = [];
  try {
    for (const line of opts.comments) {
      comments.push(
        await commentOnLine(store, repo, issue, { ...line, author: opts.author, reviewId: review.id, commitId }),
      );
    }
  } catch (error) {
    // Nothing half-written: a refused line comment takes the whole review back.
    repo.reviewComments = repo.reviewComments.filter((comment) => !comments.includes(comment));
    throw error;
  }
  repo.reviews.push(review);
  issue.updatedAt = store.stamp();
  return { review, comments };
}

/**
 * GitHub marks a thread outdated once the code it was on changed. The emulator's reading: the line at the
 * first comment's place in the pull request's diff today is not the line that was commented on (changed,
 * gone, or moved by lines added above it, where GitHub would sometimes follow the line instead).
 */
export async function isOutdated(
  repo: RepoState,
  tips: Promise<{ base: string | undefined; head: string | undefined }>,
  root: ReviewCommentState,
): Promise<boolean> {
  const { base, head } = await tips;
  if (!base || !head) return true;
  if (head === root.commitId) return false;
  const file = (await diffOf(repo, base, head)).find((change) => change.filename === root.path);
  const now = file ? hunkFor(file.patch, root.line) : undefined;
  return now === undefined || now.split("\n").at(-1) !== root.diffHunk.split("\n").at(-1);
}

/** The pull request's base and head commits as its branches are now (undefined for a deleted branch). */
export async function tipsOf(repo: RepoState, issue: PullIssue) {
  const [base, head] = await Promise.all([
    resolveCommit(repo.dir, issue.pull.base),
    resolveCommit(repo.dir, issue.pull.head),
  ]);
  return { base, head };
}

/** A single comment outside a review: GitHub wraps it in a COMMENTED review of its own. */
export async function singleComment(
  store: EmulatorStore,
  repo: RepoState,
  issue: PullIssue,
  opts: LineComment & { author: UserState; commitId?: string },
): Promise<ReviewCommentState> {
  const commitId = opts.commitId ?? (await headOf(repo, issue));
  const review = { ...newReview(store, issue.number, opts.author, "COMMENTED", ""), commitId };
  const comment = await commentOnLine(store, repo, issue, { ...opts, reviewId: review.id, commitId });
  repo.reviews.push(review);
  return comment;
}

/** A reply joins the thread of its first comment (replying to a reply answers the same thread). */
export function replyTo(
  store: EmulatorStore,
  repo: RepoState,
  target: ReviewCommentState,
  author: UserState,
  body: string,
): ReviewCommentState {
  if (body.length === 0) throw new Refused("body can't be blank");
  const review = { ...newReview(store, target.pull, author, "COMMENTED", ""), commitId: target.commitId };
  const now = store.stamp();
  const reply: ReviewCommentState = {
    ...target,
    id: store.nextId(),
    reviewId: review.id,
    inReplyTo: target.inReplyTo ?? target.id,
    author,
    body,
    createdAt: now,
    updatedAt: now,
  };
  repo.reviews.push(review);
  repo.reviewComments.push(reply);
  return reply;
}

/** One reaction per user and content: a second identical one returns the first (GitHub's 200). */
export function react(
  store: EmulatorStore,
  repo: RepoState,
  subject: ReactionState["subject"],
  user: UserState,
  content: ReactionContent,
): { reaction: ReactionState; created: boolean } {
  const existing = repo.reactions.find(
    (reaction) =>
      reaction.subject.kind === subject.kind &&
      reaction.subject.id === subject.id &&
      reaction.user.id === user.id &&
      reaction.content === content,
  );
  if (existing) return { reaction: existing, created: false };
  const reaction: ReactionState = { id: store.nextId(), subject, user, content, createdAt: store.stamp() };
  repo.reactions.push(reaction);
  return { reaction, created: true };
}
