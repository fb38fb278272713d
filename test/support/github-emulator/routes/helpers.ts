import { notFound, type Reply, type Route, type RouteContext } from "../router.ts";
import type { IssueState, RepoState } from "../types.ts";

export type PullIssue = IssueState & { pull: NonNullable<IssueState["pull"]> };
/** A route handler given what the route looked up (the repository, then the issue or comment). */
export type Handler<T extends unknown[]> = (ctx: RouteContext, ...found: T) => Reply | Promise<Reply>;

export function mustRepo(repo: RepoState | undefined): RepoState {
  if (!repo) throw new Error("emulator: a repository route ran without its repository");
  return repo;
}

export const ok = (body: unknown): Reply => ({ status: 200, body });

/** 201 with the `location` header GitHub sets to the new resource's API URL. */
export const created = (body: { url: string }): Reply => ({ status: 201, body, headers: { location: body.url } });

/**
 * A token route under /repos/{owner}/{repo}: the server has already answered 404 for a repository the token
 * cannot reach and 403 for a missing `needs` permission, so the handler gets the repository itself.
 */
export function repoRoute(method: string, path: string, needs: string, handle: Handler<[RepoState]>): Route {
  return { method, path, auth: "token", needs, handle: (ctx) => handle(ctx, mustRepo(ctx.repo)) };
}

/** Issues and pull requests share one number sequence; an unknown number is a 404 as on GitHub. */
function byNumber(param: string, handle: Handler<[RepoState, IssueState]>): Handler<[RepoState]> {
  return (ctx, repo) => {
    const issue = repo.issues.get(Number(ctx.params[param]));
    return issue ? handle(ctx, repo, issue) : notFound();
  };
}

/** A route on /issues/{issue_number}; pull requests answer here too, since GitHub treats them as issues. */
export function issueRoute(method: string, path: string, needs: string, handle: Handler<[RepoState, IssueState]>) {
  return repoRoute(method, path, needs, byNumber("issue_number", handle));
}

/** A route on /pulls/{pull_number}; a plain issue's number is a 404 there. */
export function pullRoute(method: string, path: string, needs: string, handle: Handler<[RepoState, PullIssue]>) {
  const onlyPulls: Handler<[RepoState, IssueState]> = (ctx, repo, issue) =>
    issue.pull ? handle(ctx, repo, issue as PullIssue) : notFound();
  return repoRoute(method, path, needs, byNumber("pull_number", onlyPulls));
}
