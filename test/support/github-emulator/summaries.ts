import type { EmulatorStore } from "./store.ts";
import type { IssueState } from "./types.ts";

/** What tests read back from the emulator: plain summaries, not REST objects. */
export interface PullSummary {
  number: number;
  title: string;
  body: string | null;
  state: "open" | "closed";
  draft: boolean;
  head: string;
  base: string;
  labels: string[];
  author: string;
}

export interface CommentSummary {
  id: number;
  body: string;
  author: string;
  createdAt: string;
  updatedAt: string;
  /** Every body the comment had, oldest first (one entry when it was never edited). */
  history?: string[];
}

export interface IssueSummary {
  number: number;
  title: string;
  body: string | null;
  state: "open" | "closed";
  labels: string[];
  author: string;
  isPullRequest: boolean;
}

export function requireRepo(store: EmulatorStore, owner: string, repo: string) {
  const state = store.repo(owner, repo);
  if (!state) throw new Error(`emulator: no repository ${owner}/${repo}`);
  return state;
}

export function pullSummary(issue: IssueState): PullSummary {
  const pull = issue.pull;
  if (!pull) throw new Error(`emulator: #${issue.number} is not a pull request`);
  return {
    number: issue.number,
    title: issue.title,
    body: issue.body,
    state: issue.state,
    draft: pull.draft,
    head: pull.head,
    base: pull.base,
    labels: [...issue.labels],
    author: issue.author.login,
  };
}
