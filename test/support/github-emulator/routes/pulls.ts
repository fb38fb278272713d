import { nothingToMerge, resolveRef } from "../git-repo.ts";
import { pullObject } from "../objects/pulls.ts";
import { paginate, type Route, type RouteContext, stringField, validationFailed } from "../router.ts";
import type { IssueState, RepoState } from "../types.ts";
import { created, ok, pullRoute, repoRoute } from "./helpers.ts";

/** Branch tips from the bare repository; a deleted branch keeps a zero sha like a stale GitHub ref. */
async function refsOf(repo: RepoState, issue: IssueState) {
  const zero = "0".repeat(40);
  const pull = issue.pull;
  return {
    headSha: (pull && (await resolveRef(repo.dir, pull.head))) ?? zero,
    baseSha: (pull && (await resolveRef(repo.dir, pull.base))) ?? zero,
  };
}

async function fullPull(ctx: RouteContext, repo: RepoState, issue: IssueState) {
  return pullObject(ctx.base, repo, issue, await refsOf(repo, issue), true);
}

/** `owner:branch` or a bare branch name; forks are not emulated, so the owner must be the repo's. */
function parseHead(repo: RepoState, head: string): { owner: string; branch: string } {
  const colon = head.indexOf(":");
  return colon < 0
    ? { owner: repo.owner.login, branch: head }
    : { owner: head.slice(0, colon), branch: head.slice(colon + 1) };
}

const pulls = (repo: RepoState) => [...repo.issues.values()].filter((issue) => issue.pull !== undefined);

const PULLS = "/repos/{owner}/{repo}/pulls";

export const pullRoutes: Route[] = [
  repoRoute("GET", PULLS, "pull_requests:read", async (ctx, repo) => {
    const state = ctx.query.get("state") ?? "open";
    const head = ctx.query.get("head");
    const base = ctx.query.get("base");
    const wanted = head ? parseHead(repo, head) : undefined;
    const matching = pulls(repo).filter((issue) => {
      const pull = issue.pull;
      if (!pull) return false;
      if (state !== "all" && issue.state !== state) return false;
      if (base && pull.base !== base) return false;
      return !wanted || (pull.head === wanted.branch && pull.headOwner.toLowerCase() === wanted.owner.toLowerCase());
    });
    matching.sort((a, b) => b.number - a.number);
    const objects = await Promise.all(
      matching.map(async (issue) => pullObject(ctx.base, repo, issue, await refsOf(repo, issue), false)),
    );
    return paginate(objects, ctx, `/repos/${repo.owner.login}/${repo.name}/pulls`);
  }),
  pullRoute("GET", `${PULLS}/{pull_number}`, "pull_requests:read", async (ctx, repo, issue) =>
    ok(await fullPull(ctx, repo, issue)),
  ),
  repoRoute("POST", PULLS, "pull_requests:write", async (ctx, repo) => {
    const title = stringField(ctx.body, "title");
    const headSpec = stringField(ctx.body, "head");
    const base = stringField(ctx.body, "base");
    if (!title || !headSpec || !base) {
      const missing = !title ? "title" : !headSpec ? "head" : "base";
      return validationFailed([{ resource: "PullRequest", field: missing, code: "missing_field" }]);
    }
    const head = parseHead(repo, headSpec);
    const headSha = await resolveRef(repo.dir, head.branch);
    const baseSha = await resolveRef(repo.dir, base);
    if (head.owner.toLowerCase() !== repo.owner.login.toLowerCase() || !headSha) {
      return validationFailed([{ resource: "PullRequest", field: "head", code: "invalid" }]);
    }
    if (!baseSha) return validationFailed([{ resource: "PullRequest", field: "base", code: "invalid" }]);
    const duplicate = pulls(repo).find(
      (issue) => issue.state === "open" && issue.pull?.head === head.branch && issue.pull.base === base,
    );
    if (duplicate) {
      const message = `A pull request already exists for ${repo.owner.login}:${head.branch}.`;
      return validationFailed([{ resource: "PullRequest", code: "custom", message }]);
    }
    if (await nothingToMerge(repo.dir, headSha, baseSha)) {
      const message = `No commits between ${base} and ${head.branch}`;
      return validationFailed([{ resource: "PullRequest", code: "custom", message }]);
    }
    const now = ctx.store.stamp();
    const issue: IssueState = {
      id: ctx.store.nextId(),
      number: repo.nextNumber++,
      title,
      body: stringField(ctx.body, "body") ?? null,
      state: "open",
      labels: [],
      author: ctx.token?.user ?? ctx.store.user("ghost"),
      comments: [],
      createdAt: now,
      updatedAt: now,
      closedAt: null,
      pull: {
        id: ctx.store.nextId(),
        head: head.branch,
        headOwner: repo.owner.login,
        base,
        draft: ctx.body.draft === true,
        merged: false,
      },
    };
    repo.issues.set(issue.number, issue);
    return created(await fullPull(ctx, repo, issue));
  }),
  pullRoute("PATCH", `${PULLS}/{pull_number}`, "pull_requests:write", async (ctx, repo, issue) => {
    const title = stringField(ctx.body, "title");
    const body = stringField(ctx.body, "body");
    const state = stringField(ctx.body, "state");
    const base = stringField(ctx.body, "base");
    if (title !== undefined) issue.title = title;
    if (body !== undefined) issue.body = body;
    if (base !== undefined) {
      if (!(await resolveRef(repo.dir, base))) {
        return validationFailed([{ resource: "PullRequest", field: "base", code: "invalid" }]);
      }
      issue.pull.base = base;
    }
    if (state === "open" || state === "closed") {
      issue.state = state;
      issue.closedAt = state === "closed" ? ctx.store.stamp() : null;
    }
    // Like GitHub, `draft` cannot be changed here: that needs the GraphQL API.
    issue.updatedAt = ctx.store.stamp();
    return ok(await fullPull(ctx, repo, issue));
  }),
];
