import { appObject, installationObject } from "../objects/apps.ts";
import { repositoryObject } from "../objects/repository.ts";
import { privateUser, publicUser } from "../objects/users.ts";
import { errorReply, notFound, type Route } from "../router.ts";
import type { EmulatorStore } from "../store.ts";
import type { InstallationState, RepoState, TokenPermissions } from "../types.ts";
import { mustRepo } from "./helpers.ts";

export function installationFor(store: EmulatorStore, repo: RepoState): InstallationState | undefined {
  for (const installation of store.installations.values()) {
    if (installation.account.id !== repo.owner.id) continue;
    if (
      installation.repos === "all" ||
      installation.repos.some((name) => name.toLowerCase() === repo.name.toLowerCase())
    ) {
      return installation;
    }
  }
  return undefined;
}

function coveredRepos(store: EmulatorStore, installation: InstallationState): RepoState[] {
  return [...store.repos.values()].filter((repo) => installationFor(store, repo)?.id === installation.id);
}

/** A narrowed token may ask for less than the installation has, never more. */
function exceeds(requested: TokenPermissions, granted: TokenPermissions): string | undefined {
  return Object.entries(requested).find(([scope, level]) => {
    const has = granted[scope];
    return has === undefined || (level === "write" && has !== "write");
  })?.[0];
}

export const appRoutes: Route[] = [
  {
    method: "GET",
    path: "/app",
    auth: "app",
    handle: (ctx) => ({ status: 200, body: appObject(ctx.base, ctx.store.app, {}) }),
  },
  {
    method: "GET",
    path: "/repos/{owner}/{repo}/installation",
    auth: "app",
    handle: (ctx) => {
      const installation = installationFor(ctx.store, mustRepo(ctx.repo));
      return installation
        ? { status: 200, body: installationObject(ctx.base, ctx.store.app, installation) }
        : notFound();
    },
  },
  {
    method: "POST",
    path: "/app/installations/{installation_id}/access_tokens",
    auth: "app",
    handle: (ctx) => {
      const { store } = ctx;
      const installation = store.installations.get(Number(ctx.params.installation_id));
      if (!installation) return notFound();
      const available = coveredRepos(store, installation);
      const names = ctx.body.repositories;
      const ids = ctx.body.repository_ids;
      let chosen = available;
      if (Array.isArray(names) || Array.isArray(ids)) {
        const byName = (Array.isArray(names) ? names : []).map((name) =>
          available.find((repo) => typeof name === "string" && repo.name.toLowerCase() === name.toLowerCase()),
        );
        const byId = (Array.isArray(ids) ? ids : []).map((id) => available.find((repo) => repo.id === id));
        if ([...byName, ...byId].some((repo) => repo === undefined)) {
          return errorReply(
            422,
            "There is at least one repository that does not exist or is not accessible to the parent installation.",
          );
        }
        chosen = [...new Set([...byName, ...byId] as RepoState[])];
      }
      const requested = (ctx.body.permissions ?? installation.permissions) as TokenPermissions;
      const tooMuch = exceeds(requested, installation.permissions);
      if (tooMuch)
        return errorReply(422, `The permissions requested are not granted to this installation (${tooMuch}).`);
      const token = store.mintToken({
        prefix: "ghs",
        user: store.app.bot,
        repos: chosen.map((repo) => `${repo.owner.login}/${repo.name}`),
        permissions: requested,
        installationId: installation.id,
      });
      return {
        status: 201,
        body: {
          token: token.token,
          expires_at: new Date(token.expiresAt).toISOString().replace(/\.\d{3}Z$/, "Z"),
          permissions: requested,
          repository_selection: Array.isArray(names) || Array.isArray(ids) ? "selected" : "all",
          repositories: chosen.map((repo) => repositoryObject(ctx.base, repo, store.stamp())),
        },
      };
    },
  },
  {
    // Public profiles: how a bot's user id (for its noreply address) is found from its login.
    method: "GET",
    path: "/users/{username}",
    auth: "token",
    handle: (ctx) => {
      const user = ctx.store.users.get((ctx.params.username ?? "").toLowerCase());
      return user ? { status: 200, body: publicUser(ctx.base, user) } : notFound();
    },
  },
  {
    method: "GET",
    path: "/user",
    auth: "token",
    handle: (ctx) => {
      const token = ctx.token;
      if (!token || token.installationId !== undefined)
        return errorReply(403, "Resource not accessible by integration");
      return { status: 200, body: privateUser(ctx.base, token.user) };
    },
  },
];
