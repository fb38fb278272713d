import type { CommentState, IssueState, LabelState, RepoState } from "../types.ts";
import { reactionRollup, reactionsOn } from "./reactions.ts";
import { repoFullName } from "./repository.ts";
import { nodeId, simpleUser } from "./users.ts";

export function labelObject(base: string, repo: RepoState, label: LabelState) {
  return {
    id: label.id,
    node_id: nodeId("Label", label.id),
    url: `${base}/repos/${repoFullName(repo)}/labels/${encodeURIComponent(label.name)}`,
    name: label.name,
    description: label.description,
    color: label.color,
    default: false,
  };
}

export function authorAssociation(repo: RepoState, login: string): string {
  if (login.toLowerCase() === repo.owner.login.toLowerCase()) return "OWNER";
  const permission = repo.permissions.get(login.toLowerCase());
  return permission && permission !== "none" ? "COLLABORATOR" : "NONE";
}

export function issueObject(base: string, repo: RepoState, issue: IssueState) {
  const api = `${base}/repos/${repoFullName(repo)}`;
  const url = `${api}/issues/${issue.number}`;
  const html = `${base}/${repoFullName(repo)}/${issue.pull ? "pull" : "issues"}/${issue.number}`;
  return {
    id: issue.id,
    node_id: nodeId("Issue", issue.id),
    url,
    repository_url: api,
    labels_url: `${url}/labels{/name}`,
    comments_url: `${url}/comments`,
    events_url: `${url}/events`,
    html_url: html,
    number: issue.number,
    state: issue.state,
    state_reason: issue.state === "closed" ? "completed" : null,
    title: issue.title,
    body: issue.body,
    user: simpleUser(base, issue.author),
    labels: issue.labels.flatMap((name) => {
      const label = repo.labels.get(name.toLowerCase());
      return label ? [labelObject(base, repo, label)] : [];
    }),
    assignee: null,
    assignees: [],
    milestone: null,
    locked: false,
    active_lock_reason: null,
    comments: issue.comments.length,
    ...(issue.pull
      ? {
          pull_request: {
            url: `${api}/pulls/${issue.number}`,
            html_url: html,
            diff_url: `${html}.diff`,
            patch_url: `${html}.patch`,
            merged_at: null,
          },
          draft: issue.pull.draft,
        }
      : {}),
    closed_at: issue.closedAt,
    created_at: issue.createdAt,
    updated_at: issue.updatedAt,
    closed_by: null,
    author_association: authorAssociation(repo, issue.author.login),
    reactions: reactionRollup(`${url}/reactions`, reactionsOn(repo, "issue", issue.number)),
    timeline_url: `${url}/timeline`,
    performed_via_github_app: null,
  };
}

export function commentObject(base: string, repo: RepoState, issue: IssueState, comment: CommentState) {
  const api = `${base}/repos/${repoFullName(repo)}`;
  const html = `${base}/${repoFullName(repo)}/${issue.pull ? "pull" : "issues"}/${issue.number}`;
  return {
    id: comment.id,
    node_id: nodeId("IssueComment", comment.id),
    url: `${api}/issues/comments/${comment.id}`,
    html_url: `${html}#issuecomment-${comment.id}`,
    body: comment.body,
    user: simpleUser(base, comment.author),
    created_at: comment.createdAt,
    updated_at: comment.updatedAt,
    issue_url: `${api}/issues/${issue.number}`,
    author_association: authorAssociation(repo, comment.author.login),
    reactions: reactionRollup(
      `${api}/issues/comments/${comment.id}/reactions`,
      reactionsOn(repo, "issue_comment", comment.id),
    ),
    performed_via_github_app: null,
  };
}
