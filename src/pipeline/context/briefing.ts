/**
 * What the model is told besides the issue: its discussion and the repository's guidance for agents,
 * each within its own token budget, so the files shown next still have room.
 *
 * Exports: `briefIssue(options)`, `briefer(options)`, `DISCUSSION_BUDGET`, `GUIDANCE_BUDGET`.
 */
import { readGuidance } from "../../guidance/read.ts";
import { type Discussion, formatDiscussion, formatGuidance } from "../../model/prompts/index.ts";
import { estimateTokens } from "../../model/tokens.ts";
import type { IssueInput } from "../types.ts";

/** Tokens for the issue's comments: a long thread keeps its newest comments within this. */
export const DISCUSSION_BUDGET = 6_000;
/** Tokens for AGENTS.md and the like, all of them together. */
export const GUIDANCE_BUDGET = 4_000;

export interface BriefOptions {
  issue: IssueInput;
  discussion: Discussion | undefined;
  /** A worktree of the repository, and the base commit guidance is read from. */
  root: string;
  baseCommit: string;
  /** The files the step works on: guidance nearest each is read. */
  paths: readonly string[];
  /** BOOTY_MAX_CONTEXT_TOKENS: a small model's context gets a smaller share for each. */
  maxContextTokens: number;
}

/** The issue with its discussion and the guidance for `paths`, fenced for the prompts. */
export async function briefIssue(o: BriefOptions): Promise<IssueInput> {
  const share = Math.floor(o.maxContextTokens / 8);
  const guidance = await readGuidance({
    cwd: o.root,
    commit: o.baseCommit,
    paths: o.paths,
    budgetTokens: Math.min(GUIDANCE_BUDGET, share),
    count: (text) => estimateTokens(text),
  });
  const discussion = o.discussion
    ? formatDiscussion(o.discussion, Math.min(DISCUSSION_BUDGET, share), (text) => estimateTokens(text))
    : null;
  return { ...o.issue, discussion, guidance: formatGuidance(guidance) };
}

/** `briefIssue` for one run's workspace: give it the paths a step works on. */
export function briefer(o: {
  issue: IssueInput;
  discussion: Discussion | undefined;
  ws: { root: string; baseCommit: string };
  maxContextTokens: number;
}): (paths: readonly string[]) => Promise<IssueInput> {
  const { ws, ...rest } = o;
  return (paths) => briefIssue({ ...rest, root: ws.root, baseCommit: ws.baseCommit, paths });
}
