import { commitsBetween, filesBetween, resolveCommit } from "../git-diff.ts";
import { commitObject, diffEntryObject } from "../objects/commits.ts";
import { paginate, type Route } from "../router.ts";
import type { RepoState } from "../types.ts";
import { type PullIssue, pullRoute } from "./helpers.ts";

/** The pull request's branch tips; a deleted branch has nothing to list. */
async function tips(repo: RepoState, issue: PullIssue) {
  const head = await resolveCommit(repo.dir, issue.pull.head);
  const base = await resolveCommit(repo.dir, issue.pull.base);
  return head && base ? { head, base } : undefined;
}

const PULL = "/repos/{owner}/{repo}/pulls/{pull_number}";

export const pullDiffRoutes: Route[] = [
  pullRoute("GET", `${PULL}/commits`, "pull_requests:read", async (ctx, repo, issue) => {
    const found = await tips(repo, issue);
    const commits = found ? await commitsBetween(repo.dir, found.base, found.head) : [];
    const objects = commits.map((commit) => commitObject(ctx.base, repo, commit));
    return paginate(objects, ctx, `/repos/${repo.owner.login}/${repo.name}/pulls/${issue.number}/commits`);
  }),
  pullRoute("GET", `${PULL}/files`, "pull_requests:read", async (ctx, repo, issue) => {
    const found = await tips(repo, issue);
    const files = found ? await filesBetween(repo.dir, found.base, found.head) : [];
    const objects = files.map((file) => diffEntryObject(ctx.base, repo, found?.head ?? "", file));
    return paginate(objects, ctx, `/repos/${repo.owner.login}/${repo.name}/pulls/${issue.number}/files`);
  }),
];
