import { createAppAuth } from "@octokit/auth-app";
import type { RepoRef } from "../port.ts";
import { forgeCall, statusOf } from "./errors.ts";
import type { GitHubClient } from "./octokit.ts";

export type GitHubAuth = { kind: "token"; token: string } | { kind: "app"; appId: string; privateKey: string };

/** What booty's installation token may do: push branches, open PRs, comment and label, report its check run. */
export const INSTALLATION_PERMISSIONS = {
  contents: "write",
  pull_requests: "write",
  issues: "write",
  checks: "write",
  metadata: "read",
} as const;

/**
 * An installation made before booty reported check runs has not accepted `checks: write` yet, and GitHub
 * refuses a token asking for more than the installation has. Such a token is minted without it: all else
 * keeps working, and only the check run is refused (403) until the owner accepts the new permission.
 */
const { checks: _checks, ...WITHOUT_CHECKS } = INSTALLATION_PERMISSIONS;

/** Renew an installation token this long before GitHub expires it, so a push never starts on a dying one. */
const RENEW_BEFORE_MS = 5 * 60 * 1000;

export interface Credentials {
  /** The token for API calls and git on one repository. */
  token(ref: RepoRef): Promise<string>;
  /** The login booty's comments and pull requests appear under. */
  login(ref: RepoRef): Promise<string>;
}

const repoKey = (ref: RepoRef) => `${ref.owner}/${ref.repo}`.toLowerCase();

export function tokenCredentials(client: GitHubClient, token: string): Credentials {
  let login: Promise<string> | undefined;
  return {
    token: async () => token,
    login(ref) {
      login ??= forgeCall("GET /user", ref, async () => {
        const { data } = await client.request("GET /user", { headers: { authorization: `token ${token}` } });
        return data.login;
      });
      // A failed lookup is not cached: the next call asks again.
      login.catch(() => {
        login = undefined;
      });
      return login;
    },
  };
}

/**
 * App credentials: the installation on the repository's owner is looked up once, then a token narrowed
 * to that one repository is minted and kept per repository until shortly before it expires. All caches
 * live in this object, i.e. in one forge instance.
 */
export function appCredentials(
  client: GitHubClient,
  auth: { appId: string; privateKey: string },
  now: () => number,
): Credentials {
  const appAuth = createAppAuth({ appId: auth.appId, privateKey: auth.privateKey, request: client.request });
  const installations = new Map<string, Promise<number>>();
  const tokens = new Map<string, Promise<{ token: string; expiresAt: number }>>();
  let slug: Promise<string> | undefined;

  const jwtHeaders = async () => ({ authorization: `bearer ${(await appAuth({ type: "app" })).token}` });

  const installationId = (ref: RepoRef): Promise<number> => {
    const key = repoKey(ref);
    let found = installations.get(key);
    if (!found) {
      found = forgeCall("GET /repos/{owner}/{repo}/installation", ref, async () => {
        const { data } = await client.request("GET /repos/{owner}/{repo}/installation", {
          owner: ref.owner,
          repo: ref.repo,
          headers: await jwtHeaders(),
        });
        return data.id;
      });
      installations.set(key, found);
      found.catch(() => installations.delete(key));
    }
    return found;
  };

  const mintWith = (ref: RepoRef, permissions: Record<string, string>) =>
    forgeCall("POST /app/installations/{installation_id}/access_tokens", ref, async () => {
      const result = await appAuth({
        type: "installation",
        installationId: await installationId(ref),
        repositoryNames: [ref.repo],
        permissions,
        // This object is the cache; auth-app's own would hand back a token we already judged too old.
        refresh: true,
      });
      return { token: result.token, expiresAt: Date.parse(result.expiresAt) };
    });
  const mint = (ref: RepoRef) =>
    mintWith(ref, INSTALLATION_PERMISSIONS).catch((error: unknown) => {
      if (statusOf(error) !== 422) throw error;
      return mintWith(ref, WITHOUT_CHECKS);
    });

  return {
    async token(ref) {
      const key = repoKey(ref);
      const cached = tokens.get(key);
      if (cached) {
        const settled = await cached.catch(() => undefined);
        if (settled && settled.expiresAt - RENEW_BEFORE_MS > now()) return settled.token;
        if (tokens.get(key) !== cached) return this.token(ref);
      }
      const fresh = mint(ref);
      tokens.set(key, fresh);
      fresh.catch(() => {
        if (tokens.get(key) === fresh) tokens.delete(key);
      });
      return (await fresh).token;
    },
    async login(ref) {
      slug ??= forgeCall("GET /app", ref, async () => {
        const { data } = await client.request("GET /app", { headers: await jwtHeaders() });
        return data?.slug ?? "";
      });
      slug.catch(() => {
        slug = undefined;
      });
      return `${await slug}[bot]`;
    },
  };
}
