import type { PromptReviewComment, PromptReviewThread } from "../../model/prompts/index.ts";
import { estimateTokens } from "../../model/tokens.ts";
import { clip } from "../../text/clip.ts";
import type { OpenRequests } from "./open-requests.ts";

/** The longest single comment or review body shown; longer ones are cut with a note. */
const MAX_COMMENT_CHARS = 8_000;

export interface ClippedTask extends OpenRequests {
  diff: string;
}

/**
 * Fits the conversation into `budget` tokens, so that a thread of hundreds of comments is no crash: the
 * threads and requests get half, the diff a quarter, the conversation the rest, and within each the
 * newest comments are kept. Whatever is left of the budget after this goes to the files.
 */
export function clipTask(open: OpenRequests, diff: string, budget: number): ClippedTask {
  const count = (c: PromptReviewComment) => estimateTokens(c.body) + 20;
  const requests = keepNewest(open.requests.map(shorten), Math.floor(budget / 8), count);
  const perThread = Math.max(200, Math.floor((budget * 3) / 8 / Math.max(1, open.threads.length)));
  const threads = open.threads.map((t) => clipThread(t, perThread, count));
  const discussion = keepNewest(open.discussion.map(shorten), Math.floor(budget / 8), count);
  return { ...open, threads, requests, discussion, diff: clipTokens(diff, Math.floor(budget / 4)) };
}

function clipThread(
  thread: PromptReviewThread,
  budget: number,
  count: (c: PromptReviewComment) => number,
): PromptReviewThread {
  const hunk = clipTokens(thread.diffHunk, Math.floor(budget / 4));
  const comments = keepNewest(thread.comments.map(shorten), budget - estimateTokens(hunk), count);
  return { ...thread, diffHunk: hunk, comments, leftOut: thread.leftOut + thread.comments.length - comments.length };
}

/** The newest items (the list is oldest first) whose total stays within budget; always the newest one. */
function keepNewest<T>(items: readonly T[], budget: number, count: (item: T) => number): T[] {
  const kept: T[] = [];
  let used = 0;
  for (let i = items.length - 1; i >= 0; i--) {
    const item = items[i] as T;
    used += count(item);
    if (used > budget && kept.length > 0) break;
    kept.unshift(item);
  }
  return kept;
}

function shorten<T extends PromptReviewComment>(c: T): T {
  if (c.body.length <= MAX_COMMENT_CHARS) return c;
  return {
    ...c,
    body: `${clip(c.body, MAX_COMMENT_CHARS)}\n[... ${c.body.length - MAX_COMMENT_CHARS} more characters left out]`,
  };
}

/** The start of `text` within about `tokens` tokens (by characters: diffs are long and counting them is slow). */
function clipTokens(text: string, tokens: number): string {
  const chars = tokens * 3;
  if (text.length <= chars) return text;
  return `${clip(text, chars)}\n[... ${text.length - chars} more characters of the diff left out]`;
}
