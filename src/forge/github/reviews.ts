import type { Logger } from "../../log/logger.ts";
import type { DiscussionComment, ForgeReviews, PullRequest, RepoRef, Review } from "../port.ts";
import { reportCheck } from "./checks.ts";
import type { Credentials } from "./credentials.ts";
import { forgeCall } from "./errors.ts";
import type { GitHubClient } from "./octokit.ts";
import { allPages } from "./pages.ts";
import { addReaction, listReviewComments, replyToReviewComment } from "./review-comments.ts";
import { authHeaders, isBot, type ReviewContext } from "./review-context.ts";
import { listReviewThreadStates } from "./review-threads.ts";

async function getPullRequest(ctx: ReviewContext, ref: RepoRef, number: number): Promise<PullRequest> {
  const headers = await authHeaders(ctx, ref);
  const { data } = await forgeCall("GET /repos/{owner}/{repo}/pulls/{pull_number}", ref, () =>
    ctx.client.rest.pulls.get({ owner: ref.owner, repo: ref.repo, pull_number: number, headers }),
  );
  return {
    number: data.number,
    url: data.html_url,
    state: data.state === "closed" ? "closed" : "open",
    merged: data.merged === true || data.merged_at !== null,
    draft: data.draft ?? false,
    title: data.title,
    body: data.body ?? "",
    author: data.user?.login ?? "ghost",
    // A fork that was deleted leaves the head repository null; its branch cannot be pushed to anyway.
    head: { ref: data.head.ref, sha: data.head.sha, repo: data.head.repo?.full_name ?? "" },
    base: { ref: data.base.ref, sha: data.base.sha },
  };
}

async function listIssueComments(ctx: ReviewContext, ref: RepoRef, number: number): Promise<DiscussionComment[]> {
  const headers = await authHeaders(ctx, ref);
  const comments = await allPages("GET /repos/{owner}/{repo}/issues/{issue_number}/comments", ref, (page) =>
    ctx.client.rest.issues.listComments({ owner: ref.owner, repo: ref.repo, issue_number: number, ...page, headers }),
  );
  return comments.map((comment) => ({
    id: Number(comment.id),
    author: comment.user?.login ?? "ghost",
    bot: isBot(comment.user),
    body: comment.body ?? "",
    createdAt: comment.created_at,
    updatedAt: comment.updated_at,
  }));
}

async function listReviews(ctx: ReviewContext, ref: RepoRef, pull: number): Promise<Review[]> {
  const headers = await authHeaders(ctx, ref);
  const reviews = await allPages("GET /repos/{owner}/{repo}/pulls/{pull_number}/reviews", ref, (page) =>
    ctx.client.rest.pulls.listReviews({ owner: ref.owner, repo: ref.repo, pull_number: pull, ...page, headers }),
  );
  return reviews.map((review) => ({
    id: Number(review.id),
    author: review.user?.login ?? "ghost",
    state: review.state.toLowerCase(),
    body: review.body ?? "",
    submittedAt: review.submitted_at ?? null,
    commitId: review.commit_id ?? null,
  }));
}

/**
 * The pull-request conversation over GitHub's REST API: pull requests, reviews, review comments and
 * replies, reactions, and booty's check run (App) or commit status (token); GraphQL for the threads' state.
 */
export function reviewMethods(
  client: GitHubClient,
  credentials: Credentials,
  auth: { kind: "token" | "app" },
  logger: Logger,
): ForgeReviews {
  const ctx: ReviewContext = { client, credentials, auth, logger };
  return {
    getPullRequest: (ref, number) => getPullRequest(ctx, ref, number),
    listIssueComments: (ref, number) => listIssueComments(ctx, ref, number),
    listReviews: (ref, pull) => listReviews(ctx, ref, pull),
    listReviewComments: (ref, pull) => listReviewComments(ctx, ref, pull),
    listReviewThreadStates: (ref, pull) => listReviewThreadStates(ctx, ref, pull),
    replyToReviewComment: (ref, pull, commentId, body) => replyToReviewComment(ctx, ref, pull, commentId, body),
    addReaction: (ref, target, content) => addReaction(ctx, ref, target, content),
    reportCheck: (ref, report) => reportCheck(ctx, ref, report),
  };
}
