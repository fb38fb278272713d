import { commentMarker, withMarker } from "../marker.ts";
import type { EnsureCommentOptions, EnsuredComment, RepoRef } from "../port.ts";
import type { Credentials } from "./credentials.ts";
import { forgeCall } from "./errors.ts";
import type { GitHubClient } from "./octokit.ts";

const PAGE = 100;
/** A hard stop for issues with thousands of comments; booty's comment is normally near the top. */
const MAX_PAGES = 30;

/**
 * Finds booty's comment by its hidden marker (only among comments booty itself wrote, so nobody can
 * make booty overwrite their comment by quoting the marker) and edits it, or creates it.
 */
export async function ensureComment(
  client: GitHubClient,
  credentials: Credentials,
  ref: RepoRef,
  issueNumber: number,
  opts: EnsureCommentOptions,
): Promise<EnsuredComment> {
  const marker = commentMarker(opts.marker);
  const body = withMarker(opts.body, opts.marker);
  const headers = { authorization: `token ${await credentials.token(ref)}` };
  const self = (await credentials.login(ref)).toLowerCase();
  const params = { owner: ref.owner, repo: ref.repo, issue_number: issueNumber, headers };
  let existing: { id: number; body: string; url: string } | undefined;
  for (let page = 1; page <= MAX_PAGES && !existing; page++) {
    const { data } = await forgeCall("GET /repos/{owner}/{repo}/issues/{issue_number}/comments", ref, () =>
      client.rest.issues.listComments({ ...params, per_page: PAGE, page }),
    );
    existing = data
      .filter((comment) => comment.user?.login.toLowerCase() === self && comment.body?.includes(marker))
      .map((comment) => ({ id: Number(comment.id), body: comment.body ?? "", url: comment.html_url }))[0];
    if (data.length < PAGE) break;
  }
  if (existing) {
    const { id } = existing;
    // Same text: skip the edit, so an unchanged status does not bump "edited" or notify anyone.
    if (existing.body === body) return { id, url: existing.url, created: false };
    const { data } = await forgeCall("PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}", ref, () =>
      client.rest.issues.updateComment({ owner: ref.owner, repo: ref.repo, comment_id: id, body, headers }),
    );
    return { id: Number(data.id), url: data.html_url, created: false };
  }
  const { data } = await forgeCall("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", ref, () =>
    client.rest.issues.createComment({ ...params, body }),
  );
  return { id: Number(data.id), url: data.html_url, created: true };
}
