import { reviewInstruction } from "./command.ts";
import { issueCommentPayload, pullRequestReviewCommentPayload, pullRequestReviewPayload } from "./payloads.ts";

/**
 * What asked for a review job, as it was when it asked: read from the stored delivery (`ctx.trigger`), so
 * that an edit made afterwards cannot change what was approved. All of it is the reviewer's text or
 * GitHub's data: hostile, to be fenced, never obeyed.
 */
export interface ReviewAtTrigger {
  /** `review`: a submitted review; `review_comment`: a comment in a review thread; `comment`: in the conversation. */
  kind: "review" | "review_comment" | "comment";
  pullNumber: number;
  /** The review, or the review a review comment belongs to. */
  reviewId: number | null;
  /** The review comment or conversation comment that asked. */
  commentId: number | null;
  /** For a reply in a review thread, the thread's first comment. */
  inReplyToId: number | null;
  /** The file a review comment is on. */
  path: string | null;
  /** The review's state as GitHub sent it (`changes_requested`, `commented`, `approved`). */
  reviewState: string | null;
  /** What follows `/booty`; "" when nothing does or the body does not start with it (a changes-requested review). */
  instruction: string;
  /** The review's or comment's whole body. */
  body: string;
  author: string;
  /** When the review was submitted or the comment created (ISO), as GitHub said. */
  at: string | null;
  /** The pull request's head at the time; null for a conversation comment, whose payload does not say. */
  head: { ref: string; sha: string } | null;
}

export function reviewAtTrigger(payload: string): ReviewAtTrigger | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload);
  } catch {
    return null;
  }
  const review = pullRequestReviewPayload.safeParse(parsed);
  if (review.success) {
    const { review: r, pull_request: pr, sender } = review.data;
    return {
      kind: "review",
      pullNumber: pr.number,
      reviewId: r.id,
      commentId: null,
      inReplyToId: null,
      path: null,
      reviewState: r.state,
      instruction: reviewInstruction(r.body) ?? "",
      body: r.body ?? "",
      author: r.user?.login ?? sender.login,
      at: r.submitted_at ?? null,
      head: { ref: pr.head.ref, sha: pr.head.sha },
    };
  }
  const inThread = pullRequestReviewCommentPayload.safeParse(parsed);
  if (inThread.success) {
    const { comment: c, pull_request: pr, sender } = inThread.data;
    return {
      kind: "review_comment",
      pullNumber: pr.number,
      reviewId: c.pull_request_review_id ?? null,
      commentId: c.id,
      inReplyToId: c.in_reply_to_id ?? null,
      path: c.path ?? null,
      reviewState: null,
      instruction: reviewInstruction(c.body) ?? "",
      body: c.body ?? "",
      author: c.user?.login ?? sender.login,
      at: c.created_at ?? null,
      head: { ref: pr.head.ref, sha: pr.head.sha },
    };
  }
  const conversation = issueCommentPayload.safeParse(parsed);
  if (!conversation.success || conversation.data.issue.pull_request == null) return null;
  const { comment: c, issue } = conversation.data;
  return {
    kind: "comment",
    pullNumber: issue.number,
    reviewId: null,
    commentId: c.id ?? null,
    inReplyToId: null,
    path: null,
    reviewState: null,
    instruction: reviewInstruction(c.body) ?? "",
    body: c.body ?? "",
    author: c.user.login,
    at: c.created_at ?? null,
    head: null,
  };
}
