import { canTrigger, type ReviewAtTrigger } from "../../events/index.ts";
import type { Forge, PullRequest, RepoRef } from "../../forge/index.ts";
import { type OpenRequests, openRequests } from "../../pipeline/review/open-requests.ts";
import type { IssueInput } from "../../pipeline/types.ts";

/** At most this many authors' permissions are looked up per job; the rest count as without write access. */
const MAX_LOOKUPS = 20;

/**
 * The pull request's conversation, read fresh from the forge, narrowed to what booty still owes an answer.
 * The comment or review that asked is taken as it was when it asked (the trigger): an edit made since
 * cannot change what was approved.
 */
export async function readConversation(
  forge: Forge,
  ref: RepoRef,
  pull: PullRequest,
  o: { self: string; trigger: ReviewAtTrigger | null },
): Promise<OpenRequests> {
  const [reviews, comments, discussion] = await Promise.all([
    forge.listReviews(ref, pull.number),
    forge.listReviewComments(ref, pull.number),
    forge.listIssueComments(ref, pull.number),
  ]);
  const asked = o.trigger;
  const asWhenAsked = <T extends { id: number; body: string }>(items: T[], id: number | null | undefined): T[] =>
    asked && id != null ? items.map((x) => (x.id === id ? { ...x, body: asked.body } : x)) : items;
  const authors = [...new Set([...reviews, ...comments, ...discussion].map((x) => x.author))].filter(
    (a) => a !== o.self,
  );
  const writers = new Set<string>();
  await Promise.all(
    authors.slice(0, MAX_LOOKUPS).map(async (author) => {
      const permission = await forge.getPermission(ref, author).catch(() => "none" as const);
      if (canTrigger(permission)) writers.add(author);
    }),
  );
  return openRequests({
    reviews: asWhenAsked(reviews, asked?.kind === "review" ? asked.reviewId : null),
    comments: asWhenAsked(comments, asked?.kind === "review_comment" ? asked.commentId : null),
    discussion: asWhenAsked(discussion, asked?.kind === "comment" ? asked.commentId : null),
    self: o.self,
    writers,
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
