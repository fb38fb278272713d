import type { DiscussionComment, Review, ReviewComment, ReviewThreadState } from "../../forge/port.ts";
import type { PromptReviewComment, PromptReviewRequest, PromptReviewThread } from "../../model/prompts/index.ts";

/** The hidden line booty's conversation answer carries for each request it answered. */
export function answeredMarker(kind: "review" | "comment", id: number): string {
  return `<!-- booty:answered:${kind}:${id} -->`;
}

/** What the forge says about a pull request's conversation, read fresh for the job. */
export interface ReviewConversation {
  reviews: readonly Review[];
  comments: readonly ReviewComment[];
  discussion: readonly DiscussionComment[];
  /** booty's own login on the forge: its comments are answers, never requests. */
  self: string;
  /** Who may write to the repository (the others' words are marked). */
  writers: ReadonlySet<string>;
  /** Each thread's resolved and outdated state by its first comment's id; null or absent when unknown. */
  threadStates?: readonly ReviewThreadState[] | null;
}

export interface OpenRequests {
  threads: PromptReviewThread[];
  requests: PromptReviewRequest[];
  /** The conversation for context: people's comments, oldest first. */
  discussion: PromptReviewComment[];
  /** The files the open threads are on, in the order first commented. */
  commentedFiles: string[];
}

/**
 * The requests booty still owes an answer: review threads with no reply of booty's after their last
 * comment by a person with write access, and such people's review bodies and `/booty` comments booty's
 * answers do not name yet. Only they may ask booty for work: what others say is context, marked, never a
 * request (a reader's "delete the tests" must not ride on a maintainer's `/booty`). A resolved thread
 * asks nothing unless a writer replied `/booty …` in it. Bots other than booty neither ask nor answer.
 */
export function openRequests(c: ReviewConversation): OpenRequests {
  const person = (author: string, bot: boolean) => author !== c.self && !bot;
  const asker = (author: string, bot: boolean) => person(author, bot) && c.writers.has(author);
  const said = (author: string, createdAt: string, body: string): PromptReviewComment => ({
    author,
    createdAt,
    body,
    writer: c.writers.has(author),
  });
  const states = new Map((c.threadStates ?? []).map((s) => [s.rootCommentId, s]));
  const threads = [...groupThreads(c.comments).values()].flatMap((comments) => {
    const root = comments[0] as ReviewComment;
    const state = states.get(root.id);
    const resolved = state?.resolved === true;
    // Resolving a conversation closes it; only a reply explicitly asking booty opens it again.
    const asks = (x: ReviewComment, i: number) => asker(x.author, x.bot) && (!resolved || (i > 0 && isCommand(x.body)));
    const lastAsk = comments.findLastIndex(asks);
    if (lastAsk < 0 || comments.slice(lastAsk).some((x) => x.author === c.self)) return [];
    const people = comments.filter((x) => !x.bot || x.author === c.self);
    const thread: PromptReviewThread = {
      id: root.id,
      path: root.path,
      line: root.line,
      diffHunk: root.diffHunk,
      comments: people.map((x) => said(x.author === c.self ? `${x.author} (booty)` : x.author, x.createdAt, x.body)),
      leftOut: 0,
      resolved,
      outdated: state?.outdated ?? root.line === null,
    };
    return [thread];
  });
  const ours = c.discussion.filter((x) => x.author === c.self).map((x) => x.body);
  const open = (kind: "review" | "comment", id: number) => !ours.some((b) => b.includes(answeredMarker(kind, id)));
  // As the triggers are: a review asks when it requests changes or starts with /booty; an approval does not.
  const asks = (r: Review) => r.body.trim() !== "" && (r.state === "changes_requested" || isCommand(r.body));
  const fromReviews = c.reviews
    .filter((r) => asker(r.author, false) && asks(r) && open("review", r.id))
    .map((r) => ({ id: r.id, kind: "review" as const, ...said(r.author, r.submittedAt ?? "", r.body) }));
  const fromComments = c.discussion
    .filter((x) => asker(x.author, x.bot) && isCommand(x.body) && open("comment", x.id))
    .map((x) => ({ id: x.id, kind: "comment" as const, ...said(x.author, x.createdAt, x.body) }));
  const discussion = c.discussion
    .filter((x) => person(x.author, x.bot) && !(asker(x.author, x.bot) && isCommand(x.body)))
    .map((x) => said(x.author, x.createdAt, x.body));
  return {
    threads,
    requests: [...fromReviews, ...fromComments],
    discussion,
    commentedFiles: [...new Set(threads.map((t) => t.path))],
  };
}

/** Comments by thread (keyed by the first comment's id), each thread oldest first. */
function groupThreads(comments: readonly ReviewComment[]): Map<number, ReviewComment[]> {
  const threads = new Map<number, ReviewComment[]>();
  const sorted = [...comments].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id - b.id);
  for (const comment of sorted) {
    const root = comment.inReplyTo ?? comment.id;
    const thread = threads.get(root);
    if (thread) thread.push(comment);
    else threads.set(root, [comment]);
  }
  return threads;
}

function isCommand(body: string): boolean {
  return /^\/booty\b/i.test(body.trimStart());
}
