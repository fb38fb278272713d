import type { ReactionTarget, RepoRef, ReviewComment } from "../port.ts";
import { forgeCall } from "./errors.ts";
import { allPages } from "./pages.ts";
import { authHeaders, isBot, type ReviewContext } from "./review-context.ts";

/** Every comment on the diff (first comments and replies), oldest first. */
export async function listReviewComments(ctx: ReviewContext, ref: RepoRef, pull: number): Promise<ReviewComment[]> {
  const headers = await authHeaders(ctx, ref);
  const comments = await allPages("GET /repos/{owner}/{repo}/pulls/{pull_number}/comments", ref, (page) =>
    ctx.client.rest.pulls.listReviewComments({
      owner: ref.owner,
      repo: ref.repo,
      pull_number: pull,
      sort: "created",
      direction: "asc",
      ...page,
      headers,
    }),
  );
  return comments.map((comment) => ({
    id: Number(comment.id),
    reviewId: comment.pull_request_review_id == null ? null : Number(comment.pull_request_review_id),
    inReplyTo: comment.in_reply_to_id ?? null,
    author: comment.user?.login ?? "ghost",
    bot: isBot(comment.user),
    body: comment.body,
    path: comment.path,
    line: comment.line ?? null,
    diffHunk: comment.diff_hunk,
    createdAt: comment.created_at,
    updatedAt: comment.updated_at,
  }));
}

export async function replyToReviewComment(
  ctx: ReviewContext,
  ref: RepoRef,
  pull: number,
  commentId: number,
  body: string,
): Promise<{ id: number; url: string }> {
  const headers = await authHeaders(ctx, ref);
  const { data } = await forgeCall(
    "POST /repos/{owner}/{repo}/pulls/{pull_number}/comments/{comment_id}/replies",
    ref,
    () =>
      ctx.client.rest.pulls.createReplyForReviewComment({
        owner: ref.owner,
        repo: ref.repo,
        pull_number: pull,
        comment_id: commentId,
        body,
        headers,
      }),
  );
  return { id: Number(data.id), url: data.html_url };
}

/** GitHub keeps one reaction per user and content (200 for one already there), so a retry adds nothing. */
export async function addReaction(
  ctx: ReviewContext,
  ref: RepoRef,
  target: ReactionTarget,
  content: "eyes" | "+1" | "rocket",
): Promise<void> {
  const headers = await authHeaders(ctx, ref);
  const base = { owner: ref.owner, repo: ref.repo, content, headers };
  const { reactions } = ctx.client.rest;
  if (target.kind === "issue") {
    await forgeCall("POST /repos/{owner}/{repo}/issues/{issue_number}/reactions", ref, () =>
      reactions.createForIssue({ ...base, issue_number: target.number }),
    );
  } else if (target.kind === "issue_comment") {
    await forgeCall("POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions", ref, () =>
      reactions.createForIssueComment({ ...base, comment_id: target.id }),
    );
  } else {
    await forgeCall("POST /repos/{owner}/{repo}/pulls/comments/{comment_id}/reactions", ref, () =>
      reactions.createForPullRequestReviewComment({ ...base, comment_id: target.id }),
    );
  }
}
