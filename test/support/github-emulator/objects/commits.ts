import type { CommitInfo, FileChange } from "../git-diff.ts";
import type { RepoState } from "../types.ts";
import { repoFullName } from "./repository.ts";
import { nodeId } from "./users.ts";

/** `commit` as a pull request's commit list has it; authors are git identities, not linked accounts. */
export function commitObject(base: string, repo: RepoState, commit: CommitInfo) {
  const api = `${base}/repos/${repoFullName(repo)}`;
  return {
    url: `${api}/commits/${commit.sha}`,
    sha: commit.sha,
    node_id: nodeId("Commit", Number.parseInt(commit.sha.slice(0, 8), 16)),
    html_url: `${base}/${repoFullName(repo)}/commit/${commit.sha}`,
    comments_url: `${api}/commits/${commit.sha}/comments`,
    commit: {
      url: `${api}/git/commits/${commit.sha}`,
      author: commit.author,
      committer: commit.committer,
      message: commit.message,
      comment_count: 0,
      tree: { sha: commit.tree, url: `${api}/git/trees/${commit.tree}` },
    },
    author: null,
    committer: null,
    parents: commit.parents.map((sha) => ({
      sha,
      url: `${api}/commits/${sha}`,
      html_url: `${base}/${repoFullName(repo)}/commit/${sha}`,
    })),
  };
}

/** `diff-entry`: one file of a pull request's diff, with its patch. */
export function diffEntryObject(base: string, repo: RepoState, head: string, change: FileChange) {
  const path = change.filename.split("/").map(encodeURIComponent).join("/");
  return {
    sha: change.sha,
    filename: change.filename,
    status: change.status,
    additions: change.additions,
    deletions: change.deletions,
    changes: change.additions + change.deletions,
    blob_url: `${base}/${repoFullName(repo)}/blob/${head}/${path}`,
    raw_url: `${base}/${repoFullName(repo)}/raw/${head}/${path}`,
    contents_url: `${base}/repos/${repoFullName(repo)}/contents/${path}?ref=${head}`,
    patch: change.patch,
  };
}
