import type { Logger } from "../../log/logger.ts";
import type { Forge, Permission, RepoRef } from "../port.ts";
import { ensureComment } from "./comments.ts";
import { appCredentials, type Credentials, type GitHubAuth, tokenCredentials } from "./credentials.ts";
import { forgeCall, statusOf } from "./errors.ts";
import { commitIdentity } from "./identity.ts";
import { createClient } from "./octokit.ts";
import { toPermission } from "./permission.ts";
import { resolvePrivateKey } from "./private-key.ts";
import { ensurePullRequest, findPullRequest } from "./pulls.ts";
import { reviewMethods } from "./reviews.ts";

export interface GitHubForgeOptions {
  /** https://api.github.com, https://HOST/api/v3 for GHES, or the emulator's URL. */
  apiUrl: string;
  /** For an App, `privateKey` is the PEM text or the path of the .pem file. */
  auth: GitHubAuth;
  logger: Logger;
  fetch?: typeof fetch;
  /** GitHub's pacing of writes and rate-limit waits; default on, tests turn it off. */
  throttle?: boolean;
  /** Retries of 5xx/429/network failures (3) and the back-off base in ms (1000); tests shrink the base. */
  retry?: { retries?: number; baseMs?: number };
  now?: () => number;
}

/** The Forge port over GitHub's REST API (and GraphQL for the draft flag and the review threads' state). Create one per process or job. */
export function createGitHubForge(opts: GitHubForgeOptions): Forge {
  const client = createClient({
    apiUrl: opts.apiUrl.replace(/\/+$/, ""),
    logger: opts.logger,
    fetch: opts.fetch,
    throttle: opts.throttle,
    retries: opts.retry?.retries,
    retryBaseMs: opts.retry?.baseMs,
  });
  const credentials = credentialsFor(client, opts);
  const headers = async (ref: RepoRef) => ({ authorization: `token ${await credentials.token(ref)}` });
  const repository = async (ref: RepoRef) => {
    const auth = await headers(ref);
    const { data } = await forgeCall("GET /repos/{owner}/{repo}", ref, () =>
      client.rest.repos.get({ owner: ref.owner, repo: ref.repo, headers: auth }),
    );
    return data;
  };

  return {
    ...reviewMethods(client, credentials, { kind: opts.auth.kind }, opts.logger),
    async gitAuth(ref) {
      const [data, token] = await Promise.all([repository(ref), credentials.token(ref)]);
      return { cloneUrl: data.clone_url, token, origin: new URL(data.clone_url).origin };
    },
    async getRepository(ref) {
      const data = await repository(ref);
      return { defaultBranch: data.default_branch, private: data.private, fullName: data.full_name };
    },
    async getIssue(ref, number) {
      const auth = await headers(ref);
      const { data } = await forgeCall("GET /repos/{owner}/{repo}/issues/{issue_number}", ref, () =>
        client.rest.issues.get({ owner: ref.owner, repo: ref.repo, issue_number: number, headers: auth }),
      );
      return {
        number: data.number,
        title: data.title,
        body: data.body ?? "",
        state: data.state === "closed" ? "closed" : "open",
        labels: data.labels.map((label) => (typeof label === "string" ? label : (label.name ?? ""))).filter(Boolean),
        author: data.user?.login ?? "ghost",
      };
    },
    getPermission: async (ref, username) => permissionOf(client, await headers(ref), ref, username),
    ensureComment: (ref, issueNumber, commentOpts) => ensureComment(client, credentials, ref, issueNumber, commentOpts),
    findPullRequest: (ref, head) => findPullRequest({ client, credentials, logger: opts.logger }, ref, head),
    commitIdentity: commitIdentity(client, credentials),
    ensurePullRequest: (ref, pullOpts) =>
      ensurePullRequest({ client, credentials, logger: opts.logger }, ref, pullOpts),
    async ensureLabels(ref, issueNumber, labels) {
      if (labels.length === 0) return;
      const auth = await headers(ref);
      await forgeCall("POST /repos/{owner}/{repo}/issues/{issue_number}/labels", ref, () =>
        client.rest.issues.addLabels({
          owner: ref.owner,
          repo: ref.repo,
          issue_number: issueNumber,
          labels,
          headers: auth,
        }),
      );
    },
  };
}

/** The user's permission on the repository; a login that is not a user (GitHub's 404) has none. */
async function permissionOf(
  client: ReturnType<typeof createClient>,
  auth: { authorization: string },
  ref: RepoRef,
  username: string,
): Promise<Permission> {
  try {
    const { data } = await forgeCall("GET /repos/{owner}/{repo}/collaborators/{username}/permission", ref, () =>
      client.rest.repos.getCollaboratorPermissionLevel({ owner: ref.owner, repo: ref.repo, username, headers: auth }),
    );
    return toPermission(data);
  } catch (error) {
    if (statusOf(error) === 404) return "none";
    throw error;
  }
}

/** A personal or installation token as it is; an App's installation tokens minted and renewed per repository. */
function credentialsFor(client: ReturnType<typeof createClient>, opts: GitHubForgeOptions): Credentials {
  return opts.auth.kind === "token"
    ? tokenCredentials(client, opts.auth.token)
    : appCredentials(
        client,
        { appId: opts.auth.appId, privateKey: resolvePrivateKey(opts.auth.privateKey) },
        opts.now ?? Date.now,
      );
}
