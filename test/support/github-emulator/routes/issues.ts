import { commentObject, issueObject, labelObject } from "../objects/issues.ts";
import {
  errorReply,
  notFound,
  paginate,
  type Reply,
  type Route,
  type RouteContext,
  validationFailed,
} from "../router.ts";
import type { CommentState, IssueState, RepoState } from "../types.ts";
import { created, type Handler, issueRoute, ok, repoRoute } from "./helpers.ts";

type Found = { issue: IssueState; comment: CommentState };

function findComment(repo: RepoState, id: number): Found | undefined {
  for (const issue of repo.issues.values()) {
    const comment = issue.comments.find((candidate) => candidate.id === id);
    if (comment) return { issue, comment };
  }
  return undefined;
}

/** A route on /issues/comments/{comment_id}, looked up across the repository's issues; unknown ids are a 404. */
function commentRoute(method: string, path: string, needs: string, handle: Handler<[RepoState, Found]>) {
  return repoRoute(method, path, needs, (ctx, repo) => {
    const found = findComment(repo, Number(ctx.params.comment_id));
    return found ? handle(ctx, repo, found) : notFound();
  });
}

/** The non-empty `body` a comment write needs, or GitHub's 422 for it. */
function commentBody(ctx: RouteContext): string | Reply {
  const body = ctx.body.body;
  if (typeof body === "string" && body.length > 0) return body;
  return validationFailed([{ resource: "IssueComment", field: "body", code: "missing_field" }]);
}

/** Adds labels to an issue, creating unknown ones in the repository the way GitHub does. */
export function addLabels(ctx: RouteContext, repo: RepoState, issue: IssueState, names: string[]): void {
  for (const name of names) {
    const key = name.toLowerCase();
    if (!repo.labels.has(key))
      repo.labels.set(key, { id: ctx.store.nextId(), name, color: "ededed", description: null });
    if (!issue.labels.some((existing) => existing.toLowerCase() === key)) issue.labels.push(name);
  }
  issue.updatedAt = ctx.store.stamp();
}

const ISSUE = "/repos/{owner}/{repo}/issues/{issue_number}";
const COMMENT = "/repos/{owner}/{repo}/issues/comments/{comment_id}";

export const issueRoutes: Route[] = [
  issueRoute("GET", ISSUE, "issues:read", (ctx, repo, issue) => ok(issueObject(ctx.base, repo, issue))),
  issueRoute("GET", `${ISSUE}/comments`, "issues:read", (ctx, repo, issue) => {
    const comments = issue.comments.map((comment) => commentObject(ctx.base, repo, issue, comment));
    return paginate(comments, ctx, `/repos/${repo.owner.login}/${repo.name}/issues/${issue.number}/comments`);
  }),
  issueRoute("POST", `${ISSUE}/comments`, "issues:write", (ctx, repo, issue) => {
    const body = commentBody(ctx);
    if (typeof body !== "string") return body;
    const now = ctx.store.stamp();
    const author = ctx.token?.user ?? ctx.store.user("ghost");
    const comment = { id: ctx.store.nextId(), body, author, createdAt: now, updatedAt: now };
    issue.comments.push(comment);
    return created(commentObject(ctx.base, repo, issue, comment));
  }),
  commentRoute("GET", COMMENT, "issues:read", (ctx, repo, { issue, comment }) =>
    ok(commentObject(ctx.base, repo, issue, comment)),
  ),
  commentRoute("PATCH", COMMENT, "issues:write", (ctx, repo, { issue, comment }) => {
    const body = commentBody(ctx);
    if (typeof body !== "string") return body;
    comment.history = [...(comment.history ?? [comment.body]), body];
    comment.body = body;
    comment.updatedAt = ctx.store.stamp();
    return ok(commentObject(ctx.base, repo, issue, comment));
  }),
  issueRoute("POST", `${ISSUE}/labels`, "issues:write", (ctx, repo, issue) => {
    const raw = Array.isArray(ctx.body) ? ctx.body : ctx.body.labels;
    if (!Array.isArray(raw) || raw.some((name) => typeof name !== "string" || name.length === 0)) {
      return errorReply(422, "Invalid request.\n\nFor 'properties/labels', nil is not an array.");
    }
    addLabels(ctx, repo, issue, raw as string[]);
    const labels = issue.labels.flatMap((name) => {
      const label = repo.labels.get(name.toLowerCase());
      return label ? [labelObject(ctx.base, repo, label)] : [];
    });
    return ok(labels);
  }),
];
