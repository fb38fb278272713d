/**
 * A conversation (an issue's or a pull request's comments) as prompt text: each comment fenced as
 * untrusted data with its author, date and whether the author may write to the repository, oldest
 * first, within a token budget that keeps the newest comments and says how many older ones it left out.
 *
 * Exports: `formatDiscussion(discussion, budgetTokens, count?)`, `Discussion`, `DiscussionEntry`.
 */
import { sanitizeIssueText } from "../../security/sanitize.ts";
import { estimateTokens } from "../tokens.ts";
import { fence } from "./fence.ts";

export interface DiscussionEntry {
  author: string;
  /** ISO 8601, as the forge gives it. */
  createdAt: string;
  body: string;
  /** Whether the author has write access: comments from others are marked, as anyone may comment. */
  writeAccess: boolean;
}

export interface Discussion {
  /** Oldest first, hidden content not yet stripped (this module strips it). */
  comments: DiscussionEntry[];
  /** What was left out before formatting and why, one line each (e.g. comments edited after the trigger). */
  notes: string[];
}

/** One comment is cut past this many characters, so that one long comment cannot crowd out the rest. */
const MAX_COMMENT_CHARS = 4_000;

/**
 * The discussion fenced for a prompt, or null when there is nothing to show. Comments are taken newest
 * first while they fit `budgetTokens` (counted with `count`), then shown oldest first.
 */
export function formatDiscussion(
  discussion: Discussion,
  budgetTokens: number,
  count: (text: string) => number = estimateTokens,
): string | null {
  const blocks = discussion.comments
    .map((c) => ({ c, body: sanitizeIssueText(c.body, { maxChars: MAX_COMMENT_CHARS }) }))
    .filter((b) => b.body !== "")
    .map(({ c, body }) =>
      fence("comment", body, {
        author: c.author,
        date: c.createdAt,
        write_access: c.writeAccess ? "yes" : "no",
      }),
    );
  const notes = [...discussion.notes];
  let used = count(notes.join("\n")) + 20; // the note on what was left out, and the separators
  let first = blocks.length;
  while (first > 0) {
    const cost = count(`${blocks[first - 1] ?? ""}\n\n`);
    if (used + cost > budgetTokens) break;
    used += cost;
    first--;
  }
  if (first > 0) {
    notes.unshift(
      `${first} older comment${first === 1 ? " was" : "s were"} left out to fit the token budget; the newest are shown.`,
    );
  }
  const shown = blocks.slice(first);
  if (shown.length === 0 && notes.length === 0) return null;
  const parts = notes.length > 0 ? [`(${notes.join(" ")})`, ...shown] : shown;
  return parts.join("\n\n");
}
