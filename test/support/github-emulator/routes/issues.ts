import { commentObject, issueObject, labelObject } from "../objects/issues.ts";
import { errorReply, notFound, paginate, type Route, type RouteContext, validationFailed } from "../router.ts";
import type { IssueState, RepoState } from "../types.ts";
import { mustRepo } from "./repos.ts";

function issueOf(ctx: RouteContext): { repo: RepoState; issue: IssueState | undefined } {
  const repo = mustRepo(ctx.repo);
  return { repo, issue: repo.issues.get(Number(ctx.params.issue_number)) };
}

function findComment(repo: RepoState, id: number) {
  for (const issue of repo.issues.values()) {
    const comment = issue.comments.find((candidate) => candidate.id === id);
    if (comment) return { issue, comment };
  }
  return undefined;
}

function commentBody(ctx: RouteContext): string | undefined {
  const body = ctx.body.body;
  return typeof body === "string" && body.length > 0 ? body : undefined;
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

export const issueRoutes: Route[] = [
  {
    method: "GET",
    path: "/repos/{owner}/{repo}/issues/{issue_number}",
    auth: "token",
    needs: "issues:read",
    handle: (ctx) => {
      const { repo, issue } = issueOf(ctx);
      return issue ? { status: 200, body: issueObject(ctx.base, repo, issue) } : notFound();
    },
  },
  {
    method: "GET",
    path: "/repos/{owner}/{repo}/issues/{issue_number}/comments",
    auth: "token",
    needs: "issues:read",
    handle: (ctx) => {
      const { repo, issue } = issueOf(ctx);
      if (!issue) return notFound();
      const comments = issue.comments.map((comment) => commentObject(ctx.base, repo, issue, comment));
      return paginate(comments, ctx, `/repos/${repo.owner.login}/${repo.name}/issues/${issue.number}/comments`);
    },
  },
  {
    method: "POST",
    path: "/repos/{owner}/{repo}/issues/{issue_number}/comments",
    auth: "token",
    needs: "issues:write",
    handle: (ctx) => {
      const { repo, issue } = issueOf(ctx);
      if (!issue) return notFound();
      const body = commentBody(ctx);
      if (body === undefined)
        return validationFailed([{ resource: "IssueComment", field: "body", code: "missing_field" }]);
      const now = ctx.store.stamp();
      const author = ctx.token?.user ?? ctx.store.user("ghost");
      const comment = { id: ctx.store.nextId(), body, author, createdAt: now, updatedAt: now };
      issue.comments.push(comment);
      const reply = commentObject(ctx.base, repo, issue, comment);
      return { status: 201, body: reply, headers: { location: reply.url } };
    },
  },
  {
    method: "GET",
    path: "/repos/{owner}/{repo}/issues/comments/{comment_id}",
    auth: "token",
    needs: "issues:read",
    handle: (ctx) => {
      const repo = mustRepo(ctx.repo);
      const found = findComment(repo, Number(ctx.params.comment_id));
      return found ? { status: 200, body: commentObject(ctx.base, repo, found.issue, found.comment) } : notFound();
    },
  },
  {
    method: "PATCH",
    path: "/repos/{owner}/{repo}/issues/comments/{comment_id}",
    auth: "token",
    needs: "issues:write",
    handle: (ctx) => {
      const repo = mustRepo(ctx.repo);
      const found = findComment(repo, Number(ctx.params.comment_id));
      if (!found) return notFound();
      const body = commentBody(ctx);
      if (body === undefined)
        return validationFailed([{ resource: "IssueComment", field: "body", code: "missing_field" }]);
      found.comment.body = body;
      found.comment.updatedAt = ctx.store.stamp();
      return { status: 200, body: commentObject(ctx.base, repo, found.issue, found.comment) };
    },
  },
  {
    method: "POST",
    path: "/repos/{owner}/{repo}/issues/{issue_number}/labels",
    auth: "token",
    needs: "issues:write",
    handle: (ctx) => {
      const { repo, issue } = issueOf(ctx);
      if (!issue) return notFound();
      const raw = Array.isArray(ctx.body) ? ctx.body : ctx.body.labels;
      if (!Array.isArray(raw) || raw.some((name) => typeof name !== "string" || name.length === 0)) {
        return errorReply(422, "Invalid request.\n\nFor 'properties/labels', nil is not an array.");
      }
      addLabels(ctx, repo, issue, raw as string[]);
      const labels = issue.labels.flatMap((name) => {
        const label = repo.labels.get(name.toLowerCase());
        return label ? [labelObject(ctx.base, repo, label)] : [];
      });
      return { status: 200, body: labels };
    },
  },
];
