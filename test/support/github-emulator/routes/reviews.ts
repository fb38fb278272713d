import { type LineComment, Refused, replyTo, singleComment, submitReview } from "../conversation.ts";
import { resolveCommit } from "../git-diff.ts";
import { reviewCommentObject, reviewObject } from "../objects/reviews.ts";
import {
  errorReply,
  notFound,
  paginate,
  type Reply,
  type Route,
  type RouteContext,
  validationFailed,
} from "../router.ts";
import type { RepoState, ReviewCommentState } from "../types.ts";
import { created, type Handler, ok, pullRoute, repoRoute } from "./helpers.ts";

const PULL = "/repos/{owner}/{repo}/pulls/{pull_number}";
const COMMENT = "/repos/{owner}/{repo}/pulls/comments/{comment_id}";

const author = (ctx: RouteContext) => ctx.token?.user ?? ctx.store.user("ghost");

/** GitHub's 422 for a refused write; reviews answer with plain-string errors, comments with objects. */
function refused(error: unknown, simple: boolean): Reply {
  if (!(error instanceof Refused)) throw error;
  return simple
    ? errorReply(422, "Unprocessable Entity", { errors: [error.message] })
    : validationFailed([{ resource: "PullRequestReviewComment", code: "custom", message: error.message }]);
}

function lineComments(raw: unknown): LineComment[] | undefined {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) return undefined;
  const comments = raw.map((item: Record<string, unknown>) => ({
    path: typeof item?.path === "string" ? item.path : "",
    line: typeof item?.line === "number" ? item.line : Number.NaN,
    body: typeof item?.body === "string" ? item.body : "",
  }));
  return comments.every((comment) => comment.path && Number.isInteger(comment.line)) ? comments : undefined;
}

/** A route on /pulls/comments/{comment_id}; unknown ids are a 404. */
function commentRoute(method: string, path: string, needs: string, handle: Handler<[RepoState, ReviewCommentState]>) {
  return repoRoute(method, path, needs, (ctx, repo) => {
    const comment = repo.reviewComments.find((candidate) => candidate.id === Number(ctx.params.comment_id));
    return comment ? handle(ctx, repo, comment) : notFound();
  });
}

function sorted(ctx: RouteContext, comments: ReviewCommentState[]) {
  const field = ctx.query.get("sort") === "updated" ? "updatedAt" : "createdAt";
  const sign = ctx.query.get("sort") && ctx.query.get("direction") === "desc" ? -1 : 1;
  return [...comments].sort((a, b) => sign * (a[field].localeCompare(b[field]) || a.id - b.id));
}

export const reviewRoutes: Route[] = [
  pullRoute("GET", `${PULL}/reviews`, "pull_requests:read", (ctx, repo, issue) => {
    const reviews = repo.reviews.filter((review) => review.pull === issue.number);
    const objects = reviews.map((review) => reviewObject(ctx.base, repo, review));
    return paginate(objects, ctx, `/repos/${repo.owner.login}/${repo.name}/pulls/${issue.number}/reviews`);
  }),
  pullRoute("GET", `${PULL}/reviews/{review_id}`, "pull_requests:read", (ctx, repo, issue) => {
    const id = Number(ctx.params.review_id);
    const review = repo.reviews.find((candidate) => candidate.id === id && candidate.pull === issue.number);
    return review ? ok(reviewObject(ctx.base, repo, review)) : notFound();
  }),
  pullRoute("POST", `${PULL}/reviews`, "pull_requests:write", async (ctx, repo, issue) => {
    const comments = lineComments(ctx.body.comments);
    if (!comments) return errorReply(422, "Unprocessable Entity", { errors: ["comments must have path and line"] });
    const event = typeof ctx.body.event === "string" ? ctx.body.event : undefined;
    const body = typeof ctx.body.body === "string" ? ctx.body.body : "";
    const commitId = typeof ctx.body.commit_id === "string" ? ctx.body.commit_id : undefined;
    try {
      const opts = { author: author(ctx), event, body, comments, ...(commitId ? { commitId } : {}) };
      const { review } = await submitReview(ctx.store, repo, issue, opts);
      return ok(reviewObject(ctx.base, repo, review));
    } catch (error) {
      return refused(error, true);
    }
  }),
  pullRoute("GET", `${PULL}/comments`, "pull_requests:read", (ctx, repo, issue) => {
    const comments = sorted(
      ctx,
      repo.reviewComments.filter((comment) => comment.pull === issue.number),
    ).map((comment) => reviewCommentObject(ctx.base, repo, comment));
    return paginate(comments, ctx, `/repos/${repo.owner.login}/${repo.name}/pulls/${issue.number}/comments`);
  }),
  pullRoute("POST", `${PULL}/comments`, "pull_requests:write", async (ctx, repo, issue) => {
    const body = typeof ctx.body.body === "string" ? ctx.body.body : "";
    const replyId = ctx.body.in_reply_to;
    try {
      if (typeof replyId === "number") {
        const target = repo.reviewComments.find((c) => c.id === replyId && c.pull === issue.number);
        if (!target) return notFound();
        return created(reviewCommentObject(ctx.base, repo, replyTo(ctx.store, repo, target, author(ctx), body)));
      }
      const path = typeof ctx.body.path === "string" ? ctx.body.path : undefined;
      const line = typeof ctx.body.line === "number" ? ctx.body.line : undefined;
      const commitId = typeof ctx.body.commit_id === "string" ? ctx.body.commit_id : undefined;
      if (!path || line === undefined || !commitId) {
        const field = !path ? "path" : !commitId ? "commit_id" : "line";
        return validationFailed([{ resource: "PullRequestReviewComment", field, code: "missing_field" }]);
      }
      const sha = await resolveCommit(repo.dir, commitId);
      if (!sha)
        return validationFailed([{ resource: "PullRequestReviewComment", field: "commit_id", code: "invalid" }]);
      const comment = await singleComment(ctx.store, repo, issue, {
        author: author(ctx),
        path,
        line,
        body,
        commitId: sha,
      });
      return created(reviewCommentObject(ctx.base, repo, comment));
    } catch (error) {
      return refused(error, false);
    }
  }),
  pullRoute("POST", `${PULL}/comments/{comment_id}/replies`, "pull_requests:write", (ctx, repo, issue) => {
    const id = Number(ctx.params.comment_id);
    const target = repo.reviewComments.find((comment) => comment.id === id && comment.pull === issue.number);
    if (!target) return notFound();
    const body = typeof ctx.body.body === "string" ? ctx.body.body : "";
    try {
      return created(reviewCommentObject(ctx.base, repo, replyTo(ctx.store, repo, target, author(ctx), body)));
    } catch (error) {
      return refused(error, false);
    }
  }),
  commentRoute("GET", COMMENT, "pull_requests:read", (ctx, repo, comment) =>
    ok(reviewCommentObject(ctx.base, repo, comment)),
  ),
  commentRoute("PATCH", COMMENT, "pull_requests:write", (ctx, repo, comment) => {
    const body = ctx.body.body;
    if (typeof body !== "string" || body.length === 0) {
      return validationFailed([{ resource: "PullRequestReviewComment", field: "body", code: "missing_field" }]);
    }
    comment.body = body;
    comment.updatedAt = ctx.store.stamp();
    return ok(reviewCommentObject(ctx.base, repo, comment));
  }),
  commentRoute("DELETE", COMMENT, "pull_requests:write", (_ctx, repo, comment) => {
    repo.reviewComments = repo.reviewComments.filter((candidate) => candidate !== comment);
    return { status: 204 };
  }),
];
