/**
 * The conversation on an issue (or pull request) as booty may use it: what was said up to the moment the
 * work was asked for. A comment written later could steer a job its author was never allowed to start,
 * and one edited later may now say something else than what was approved; REST gives no earlier text of
 * an edited comment, so such a comment is left out with a note.
 *
 * Exports: `collectDiscussion(options)`.
 */
import type { DiscussionComment, Forge, RepoRef } from "../forge/port.ts";
import type { Discussion } from "../model/prompts/discussion.ts";
import { type WriteAccess, writeAccessLookup } from "./permissions.ts";

export interface CollectOptions {
  forge: Pick<Forge, "listIssueComments" | "getPermission">;
  ref: RepoRef;
  number: number;
  /** When the trigger was authorised (ISO 8601); null when unknown, and then every comment counts. */
  triggerAt: string | null;
  /** Pass the job's lookup to share its cache; one is made otherwise. */
  writeAccess?: WriteAccess | undefined;
}

// booty's own comments (status, denial, failure) carry a hidden marker; they are not the discussion.
const BOOTY_MARKER = /<!--\s*booty:/;
/**
 * At most this many comments (the newest) are kept: the prompt's budget holds far fewer, and each new
 * author costs a permission lookup.
 */
export const MAX_COMMENTS = 200;

export async function collectDiscussion(o: CollectOptions): Promise<Discussion> {
  const all = await o.forge.listIssueComments(o.ref, o.number);
  const at = o.triggerAt === null ? null : Date.parse(o.triggerAt);
  const after = (iso: string) => at !== null && !Number.isNaN(at) && Date.parse(iso) > at;
  const kept: DiscussionComment[] = [];
  let edited = 0;
  for (const comment of all) {
    if (BOOTY_MARKER.test(comment.body)) continue;
    if (after(comment.createdAt)) continue;
    if (after(comment.updatedAt)) {
      edited++;
      continue;
    }
    kept.push(comment);
  }
  const older = Math.max(0, kept.length - MAX_COMMENTS);
  kept.splice(0, older);
  const access = o.writeAccess ?? writeAccessLookup(o.forge, o.ref);
  const comments: Discussion["comments"] = [];
  // One at a time: each new author is a request, and a long thread must not burst the forge's rate limits.
  for (const c of kept) {
    comments.push({ author: c.author, createdAt: c.createdAt, body: c.body, writeAccess: await access(c.author) });
  }
  const notes: string[] = [];
  if (older > 0)
    notes.push(`${older} older comment${older === 1 ? " was" : "s were"} not read; the newest ${MAX_COMMENTS} were.`);
  if (edited > 0) {
    const was = edited === 1 ? " was" : "s were";
    notes.push(
      `${edited} comment${was} edited after the work was asked for and ${edited === 1 ? "is" : "are"} left out.`,
    );
  }
  return { comments, notes };
}
