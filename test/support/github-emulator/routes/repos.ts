import { collaboratorPermissionObject } from "../objects/apps.ts";
import { labelObject } from "../objects/issues.ts";
import { repositoryObject } from "../objects/repository.ts";
import { errorReply, notFound, paginate, type Route, stringField, validationFailed } from "../router.ts";
import type { RepoState } from "../types.ts";

export function mustRepo(repo: RepoState | undefined): RepoState {
  if (!repo) throw new Error("emulator: a repository route ran without its repository");
  return repo;
}

export const repoRoutes: Route[] = [
  {
    method: "GET",
    path: "/repos/{owner}/{repo}",
    auth: "token",
    needs: "metadata:read",
    handle: (ctx) => ({ status: 200, body: repositoryObject(ctx.base, mustRepo(ctx.repo), ctx.store.stamp()) }),
  },
  {
    method: "GET",
    path: "/repos/{owner}/{repo}/collaborators/{username}/permission",
    auth: "token",
    needs: "metadata:read",
    handle: (ctx) => {
      const repo = mustRepo(ctx.repo);
      const login = ctx.params.username ?? "";
      const isOwner = login.toLowerCase() === repo.owner.login.toLowerCase();
      const permission = isOwner ? "admin" : repo.permissions.get(login.toLowerCase());
      const user = ctx.store.users.get(login.toLowerCase());
      // GitHub answers 404 for a login that is no user at all; known users without a role read as "none".
      if (!user || permission === undefined) return errorReply(404, `${login} is not a user`);
      return { status: 200, body: collaboratorPermissionObject(ctx.base, user, permission) };
    },
  },
  {
    method: "GET",
    path: "/repos/{owner}/{repo}/labels",
    auth: "token",
    needs: "issues:read",
    handle: (ctx) => {
      const repo = mustRepo(ctx.repo);
      const labels = [...repo.labels.values()].map((label) => labelObject(ctx.base, repo, label));
      return paginate(labels, ctx, `/repos/${repo.owner.login}/${repo.name}/labels`);
    },
  },
  {
    method: "GET",
    path: "/repos/{owner}/{repo}/labels/{name}",
    auth: "token",
    needs: "issues:read",
    handle: (ctx) => {
      const repo = mustRepo(ctx.repo);
      const label = repo.labels.get((ctx.params.name ?? "").toLowerCase());
      return label ? { status: 200, body: labelObject(ctx.base, repo, label) } : notFound();
    },
  },
  {
    method: "POST",
    path: "/repos/{owner}/{repo}/labels",
    auth: "token",
    needs: "issues:write",
    handle: (ctx) => {
      const repo = mustRepo(ctx.repo);
      const name = stringField(ctx.body, "name");
      if (!name) return validationFailed([{ resource: "Label", field: "name", code: "missing_field" }]);
      if (repo.labels.has(name.toLowerCase())) {
        return validationFailed([{ resource: "Label", field: "name", code: "already_exists" }]);
      }
      const label = {
        id: ctx.store.nextId(),
        name,
        color: (stringField(ctx.body, "color") ?? "ededed").replace(/^#/, ""),
        description: stringField(ctx.body, "description") ?? null,
      };
      repo.labels.set(name.toLowerCase(), label);
      return { status: 201, body: labelObject(ctx.base, repo, label) };
    },
  },
];
