import type { AppState, CheckRunState, RepoState, StatusState } from "../types.ts";
import { appObject } from "./apps.ts";
import { repoFullName, repositoryObject } from "./repository.ts";
import { nodeId, simpleUser } from "./users.ts";

/** `check-run`; its `app` is the emulator's one App, the only kind of actor that creates check runs. */
export function checkRunObject(base: string, repo: RepoState, app: AppState, run: CheckRunState) {
  const api = `${base}/repos/${repoFullName(repo)}`;
  const url = `${api}/check-runs/${run.id}`;
  return {
    id: run.id,
    head_sha: run.headSha,
    node_id: nodeId("CheckRun", run.id),
    external_id: run.externalId,
    url,
    html_url: `${base}/${repoFullName(repo)}/runs/${run.id}`,
    details_url: run.detailsUrl,
    status: run.status,
    conclusion: run.conclusion,
    started_at: run.startedAt,
    completed_at: run.completedAt,
    output: {
      title: run.title,
      summary: run.summary,
      text: run.text,
      annotations_count: run.annotations.length,
      annotations_url: `${url}/annotations`,
    },
    name: run.name,
    check_suite: { id: run.installationId },
    app: appObject(base, app, { checks: "write", metadata: "read" }),
    pull_requests: [],
  };
}

/** `status` as a commit status write answers it. */
export function statusObject(base: string, repo: RepoState, status: StatusState) {
  return {
    url: `${base}/repos/${repoFullName(repo)}/statuses/${status.sha}`,
    avatar_url: `${base}/avatars/u/${status.creator.id}?v=4`,
    id: status.id,
    node_id: nodeId("StatusContext", status.id),
    state: status.state,
    description: status.description,
    target_url: status.targetUrl,
    context: status.context,
    created_at: status.createdAt,
    updated_at: status.updatedAt,
    creator: simpleUser(base, status.creator),
  };
}

/**
 * `combined-commit-status`: the latest status of each context; failure if any failed or errored, pending
 * while any is pending (or none was set), success otherwise.
 */
export function combinedStatusObject(base: string, repo: RepoState, sha: string, statuses: StatusState[]) {
  const latest = new Map<string, StatusState>();
  for (const status of statuses) latest.set(status.context, status);
  const current = [...latest.values()];
  const states = current.map((status) => status.state);
  const state = states.some((s) => s === "failure" || s === "error")
    ? "failure"
    : states.length === 0 || states.includes("pending")
      ? "pending"
      : "success";
  const api = `${base}/repos/${repoFullName(repo)}`;
  return {
    state,
    sha,
    total_count: current.length,
    statuses: current.map((status) => {
      const { creator: _creator, ...simple } = statusObject(base, repo, status);
      return simple;
    }),
    repository: repositoryObject(base, repo, repo.createdAt),
    commit_url: `${api}/commits/${sha}`,
    url: `${api}/commits/${sha}/status`,
  };
}
