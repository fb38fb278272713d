import { describeError } from "../../errors/index.ts";
import type { Logger } from "../../log/logger.ts";
import type { EnsuredPullRequest, EnsurePullRequestOptions, OpenPullRequest, RepoRef } from "../port.ts";
import type { Credentials } from "./credentials.ts";
import { forgeCall, statusOf } from "./errors.ts";
import type { GitHubClient } from "./octokit.ts";

interface OpenPull {
  number: number;
  nodeId: string;
  url: string;
  draft: boolean;
  base: string;
  createdAt: string;
}

type Headers = Record<string, string>;

export interface Context {
  client: GitHubClient;
  credentials: Credentials;
  logger: Logger;
}

async function findOpen(
  client: GitHubClient,
  ref: RepoRef,
  head: string,
  headers: Headers,
): Promise<OpenPull | undefined> {
  const { data } = await forgeCall("GET /repos/{owner}/{repo}/pulls", ref, () =>
    client.rest.pulls.list({ owner: ref.owner, repo: ref.repo, head: `${ref.owner}:${head}`, state: "open", headers }),
  );
  const pull = data[0];
  return (
    pull && {
      number: pull.number,
      nodeId: pull.node_id,
      url: pull.html_url,
      draft: pull.draft ?? false,
      base: pull.base.ref,
      createdAt: pull.created_at,
    }
  );
}

/** The open pull request from `head`, if any: what an issue's status comment must keep linking to. */
export async function findPullRequest(ctx: Context, ref: RepoRef, head: string): Promise<OpenPullRequest | null> {
  const headers = { authorization: `token ${await ctx.credentials.token(ref)}` };
  const pull = await findOpen(ctx.client, ref, head, headers);
  return pull ? { number: pull.number, url: pull.url, draft: pull.draft, createdAt: pull.createdAt } : null;
}

/**
 * REST cannot flip a pull request between draft and ready; GraphQL can. The flag is secondary to the
 * pull request itself, so a failure here is logged and the current state reported, not thrown.
 */
async function setDraft(ctx: Context, ref: RepoRef, pull: OpenPull, draft: boolean, headers: Headers) {
  const mutation = draft ? "convertPullRequestToDraft" : "markPullRequestReadyForReview";
  try {
    const result = await forgeCall(`GraphQL ${mutation}`, ref, () =>
      ctx.client.graphql<Record<string, { pullRequest: { isDraft: boolean } }>>(
        `mutation($id: ID!) { ${mutation}(input: { pullRequestId: $id }) { pullRequest { isDraft } } }`,
        { id: pull.nodeId, headers },
      ),
    );
    return result[mutation]?.pullRequest.isDraft ?? pull.draft;
  } catch (error) {
    ctx.logger.warn({ pullRequest: pull.number, error: describeError(error) }, "could not change the draft state");
    return pull.draft;
  }
}

async function update(
  ctx: Context,
  ref: RepoRef,
  pull: OpenPull,
  opts: EnsurePullRequestOptions,
  headers: Headers,
): Promise<EnsuredPullRequest> {
  await forgeCall("PATCH /repos/{owner}/{repo}/pulls/{pull_number}", ref, () =>
    ctx.client.rest.pulls.update({
      owner: ref.owner,
      repo: ref.repo,
      pull_number: pull.number,
      title: opts.title,
      body: opts.body,
      ...(pull.base === opts.base ? {} : { base: opts.base }),
      headers,
    }),
  );
  const draft = pull.draft === opts.draft ? pull.draft : await setDraft(ctx, ref, pull, opts.draft, headers);
  return { number: pull.number, url: pull.url, created: false, draft };
}

/**
 * Looks the pull request up by head branch first (GitHub refuses a second one from the same head), and
 * treats losing a creation race to another worker the same way.
 */
export async function ensurePullRequest(
  ctx: Context,
  ref: RepoRef,
  opts: EnsurePullRequestOptions,
): Promise<EnsuredPullRequest> {
  const { client, credentials } = ctx;
  const headers = { authorization: `token ${await credentials.token(ref)}` };
  let result: EnsuredPullRequest;
  const existing = await findOpen(client, ref, opts.head, headers);
  if (existing) {
    result = await update(ctx, ref, existing, opts, headers);
  } else {
    try {
      const { data } = await forgeCall("POST /repos/{owner}/{repo}/pulls", ref, () =>
        client.rest.pulls.create({
          owner: ref.owner,
          repo: ref.repo,
          head: opts.head,
          base: opts.base,
          title: opts.title,
          body: opts.body,
          draft: opts.draft,
          headers,
        }),
      );
      result = { number: data.number, url: data.html_url, created: true, draft: data.draft ?? opts.draft };
    } catch (error) {
      const raced = statusOf(error) === 422 ? await findOpen(client, ref, opts.head, headers) : undefined;
      if (!raced) throw error;
      result = await update(ctx, ref, raced, opts, headers);
    }
  }
  if (opts.labels && opts.labels.length > 0) await addLabels(ctx, ref, result.number, opts.labels, headers);
  return result;
}

/**
 * Labels are secondary to the pull request, which exists by now: a failure is logged, not thrown, so
 * that it neither fails the job nor has its freshly pushed branch (and with it the PR) taken back.
 */
async function addLabels(ctx: Context, ref: RepoRef, number: number, labels: string[], headers: Headers) {
  try {
    await forgeCall("POST /repos/{owner}/{repo}/issues/{issue_number}/labels", ref, () =>
      ctx.client.rest.issues.addLabels({ owner: ref.owner, repo: ref.repo, issue_number: number, labels, headers }),
    );
  } catch (error) {
    ctx.logger.warn({ pullRequest: number, labels, error: describeError(error) }, "could not label the pull request");
  }
}
