import { collaboratorPermissionObject } from "../objects/apps.ts";
import { labelObject } from "../objects/issues.ts";
import { repositoryObject } from "../objects/repository.ts";
import { errorReply, notFound, paginate, type Route, stringField, validationFailed } from "../router.ts";
import { ok, repoRoute } from "./helpers.ts";

export const repoRoutes: Route[] = [
  repoRoute("GET", "/repos/{owner}/{repo}", "metadata:read", (ctx, repo) =>
    ok(repositoryObject(ctx.base, repo, ctx.store.stamp())),
  ),
  repoRoute("GET", "/repos/{owner}/{repo}/collaborators/{username}/permission", "metadata:read", (ctx, repo) => {
    const login = ctx.params.username ?? "";
    const isOwner = login.toLowerCase() === repo.owner.login.toLowerCase();
    const permission = isOwner ? "admin" : repo.permissions.get(login.toLowerCase());
    const user = ctx.store.users.get(login.toLowerCase());
    // GitHub answers 404 for a login that is no user at all; known users without a role read as "none".
    if (!user || permission === undefined) return errorReply(404, `${login} is not a user`);
    return ok(collaboratorPermissionObject(ctx.base, user, permission));
  }),
  repoRoute("GET", "/repos/{owner}/{repo}/labels", "issues:read", (ctx, repo) => {
    const labels = [...repo.labels.values()].map((label) => labelObject(ctx.base, repo, label));
    return paginate(labels, ctx, `/repos/${repo.owner.login}/${repo.name}/labels`);
  }),
  repoRoute("GET", "/repos/{owner}/{repo}/labels/{name}", "issues:read", (ctx, repo) => {
    const label = repo.labels.get((ctx.params.name ?? "").toLowerCase());
    return label ? ok(labelObject(ctx.base, repo, label)) : notFound();
  }),
  repoRoute("POST", "/repos/{owner}/{repo}/labels", "issues:write", (ctx, repo) => {
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
  }),
];
