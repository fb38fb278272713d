import type { IssueState, RepoState } from "../types.ts";
import { authorAssociation, labelObject } from "./issues.ts";
import { repoFullName, repositoryObject } from "./repository.ts";
import { nodeId, simpleUser } from "./users.ts";

export interface PullRefs {
  headSha: string;
  baseSha: string;
}

function branchRef(base: string, repo: RepoState, branch: string, sha: string, pushedAt: string) {
  return {
    label: `${repo.owner.login}:${branch}`,
    ref: branch,
    sha,
    user: simpleUser(base, repo.owner),
    repo: repositoryObject(base, repo, pushedAt),
  };
}

/** `pull-request-simple` (list) and, with `full`, `pull-request` (create, get, update). */
export function pullObject(base: string, repo: RepoState, issue: IssueState, refs: PullRefs, full: boolean) {
  const pull = issue.pull;
  if (!pull) throw new Error(`emulator: #${issue.number} is not a pull request`);
  const api = `${base}/repos/${repoFullName(repo)}`;
  const url = `${api}/pulls/${issue.number}`;
  const html = `${base}/${repoFullName(repo)}/pull/${issue.number}`;
  const simple = {
    url,
    id: pull.id,
    node_id: nodeId("PullRequest", pull.id),
    html_url: html,
    diff_url: `${html}.diff`,
    patch_url: `${html}.patch`,
    issue_url: `${api}/issues/${issue.number}`,
    commits_url: `${url}/commits`,
    review_comments_url: `${url}/comments`,
    review_comment_url: `${api}/pulls/comments{/number}`,
    comments_url: `${api}/issues/${issue.number}/comments`,
    statuses_url: `${api}/statuses/${refs.headSha}`,
    number: issue.number,
    state: issue.state,
    locked: false,
    title: issue.title,
    user: simpleUser(base, issue.author),
    body: issue.body,
    labels: issue.labels.flatMap((name) => {
      const label = repo.labels.get(name.toLowerCase());
      return label ? [labelObject(base, repo, label)] : [];
    }),
    milestone: null,
    active_lock_reason: null,
    created_at: issue.createdAt,
    updated_at: issue.updatedAt,
    closed_at: issue.closedAt,
    merged_at: pull.merged ? issue.closedAt : null,
    merge_commit_sha: null,
    assignee: null,
    assignees: [],
    requested_reviewers: [],
    requested_teams: [],
    head: branchRef(base, repo, pull.head, refs.headSha, issue.updatedAt),
    base: branchRef(base, repo, pull.base, refs.baseSha, issue.updatedAt),
    _links: {
      self: { href: url },
      html: { href: html },
      issue: { href: `${api}/issues/${issue.number}` },
      comments: { href: `${api}/issues/${issue.number}/comments` },
      review_comments: { href: `${url}/comments` },
      review_comment: { href: `${api}/pulls/comments{/number}` },
      commits: { href: `${url}/commits` },
      statuses: { href: `${api}/statuses/${refs.headSha}` },
    },
    author_association: authorAssociation(repo, issue.author.login),
    auto_merge: null,
    draft: pull.draft,
  };
  if (!full) return simple;
  return {
    ...simple,
    merged: pull.merged,
    mergeable: null,
    rebaseable: null,
    mergeable_state: "unknown",
    merged_by: null,
    comments: issue.comments.length,
    review_comments: 0,
    maintainer_can_modify: false,
    commits: 1,
    additions: 0,
    deletions: 0,
    changed_files: 0,
  };
}
