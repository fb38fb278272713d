import { collectDiscussion, type Discussion } from "../../discussion/index.ts";
import { describeError } from "../../errors/index.ts";
import { canTrigger, type ReviewAtTrigger } from "../../events/index.ts";
import type { Forge, PullRequest, RepoRef } from "../../forge/index.ts";
import type { Logger } from "../../log/logger.ts";
import { type OpenRequests, openRequests } from "../../pipeline/review/open-requests.ts";
import type { IssueInput } from "../../pipeline/types.ts";

/** At most this many authors' permissions are looked up per job; the rest count as without write access (they ask nothing). */
const MAX_LOOKUPS = 20;

/**
 * The pull request's conversation, read fresh from the forge, narrowed to what booty still owes an answer.
 * The comment or review that asked is taken as it was when it asked (the trigger), and so is each one
 * folded into the job while it waited: an edit made since cannot change what was approved.
 */
export async function readConversation(
  forge: Forge,
  ref: RepoRef,
  pull: PullRequest,
  o: {
    self: string;
    trigger: ReviewAtTrigger | null;
    folded?: readonly ReviewAtTrigger[];
    /** Who the job is for: their write access was checked as the job started, and is not asked again. */
    actor?: string;
  },
): Promise<OpenRequests> {
  const [reviews, comments, discussion, threadStates] = await Promise.all([
    forge.listReviews(ref, pull.number),
    forge.listReviewComments(ref, pull.number),
    forge.listIssueComments(ref, pull.number),
    // null when the forge cannot tell: every thread then counts as open, as before it could.
    forge.listReviewThreadStates(ref, pull.number),
  ]);
  const asked = [...(o.folded ?? []), ...(o.trigger ? [o.trigger] : [])];
  const asWhenAsked = <T extends { id: number; body: string }>(items: T[], kind: ReviewAtTrigger["kind"]): T[] => {
    const bodies = new Map<number, string>();
    for (const a of asked.filter((x) => x.kind === kind)) {
      const id = kind === "review" ? a.reviewId : a.commentId;
      if (id != null) bodies.set(id, a.body);
    }
    return items.map((x) => {
      const body = bodies.get(x.id);
      return body === undefined ? x : { ...x, body };
    });
  };
  // Whoever asked is looked up first: past the cap, an author counts as without write access.
  const everyone = [...asked, ...reviews, ...comments, ...discussion].map((x) => x.author);
  const writers = new Set<string>(o.actor ? [o.actor] : []);
  const authors = [...new Set(everyone)].filter((a) => a !== o.self && !writers.has(a));
  await Promise.all(
    authors.slice(0, MAX_LOOKUPS).map(async (author) => {
      const permission = await forge.getPermission(ref, author).catch(() => "none" as const);
      if (canTrigger(permission)) writers.add(author);
    }),
  );
  return openRequests({
    reviews: asWhenAsked(reviews, "review"),
    comments: asWhenAsked(comments, "review_comment"),
    discussion: asWhenAsked(discussion, "comment"),
    self: o.self,
    writers,
    threadStates,
  });
}

/** The issue the pull request resolves: `Closes #N` in its body, or booty's `issue-N` branch. */
export async function originalIssue(forge: Forge, ref: RepoRef, pull: PullRequest): Promise<IssueInput | null> {
  const closes = /\b(?:close[sd]?|fix(?:e[sd])?|resolve[sd]?)\s*:?\s+#(\d+)\b/i.exec(pull.body)?.[1];
  const number = Number(closes ?? /(?:^|\/)issue-(\d+)$/.exec(pull.head.ref)?.[1] ?? Number.NaN);
  if (!Number.isSafeInteger(number) || number === pull.number) return null;
  const issue = await forge.getIssue(ref, number).catch(() => null);
  return issue ? { number, title: issue.title, body: issue.body } : null;
}

/**
 * The original issue's comments as they stood when the review asked, for the review's context only; when
 * they cannot be read the review goes on without them (it is about the pull request, not the issue).
 */
export async function issueDiscussion(
  forge: Forge,
  ref: RepoRef,
  issue: IssueInput | null,
  o: { triggerAt: string | null; logger: Logger },
): Promise<Discussion | undefined> {
  const number = issue?.number;
  if (number === undefined) return undefined;
  return collectDiscussion({ forge, ref, number, triggerAt: o.triggerAt }).catch((error: unknown) => {
    o.logger.warn({ err: describeError(error), issue: number }, "could not read the issue's comments");
    return undefined;
  });
}
