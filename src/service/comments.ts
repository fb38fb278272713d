import type { OpenPullRequest } from "../forge/index.ts";
import { usageLine } from "../pipeline/publish/usage-line.ts";
import type { JobError, JobRecord } from "../queue/index.ts";
import { publicMarkdown, withoutHostPaths } from "../security/public-text.ts";
import { oneLine } from "../text/clip.ts";
import { StatusLines, withProgress } from "./status-text.ts";

/** Names of booty's comments; the forge hides each in its comment and edits that comment in place. */
export const MARKERS = { started: "started", failed: "failed", denied: "denied" } as const;

/** A pull request an earlier run opened, still open: a status comment that linked it must go on linking it. */
type OpenPull = Pick<OpenPullRequest, "number"> | null;

const whatFollows = (open: OpenPull): string =>
  open ? `It will update the pull request #${open.number}, which stays open meanwhile.` : "A pull request will follow.";

export function startedComment(job: JobRecord, open: OpenPull = null): string {
  return `booty is working on this issue (job \`${job.id}\`, asked by @${job.actor}). ${whatFollows(open)}`;
}

/** The status comment while the job waits for a worker. */
export function queuedComment(job: JobRecord, position: number, open: OpenPull = null): string {
  const lines = new StatusLines({ issue: job.issueNumber, repo: job.repo }).queued(position);
  const head = `booty will work on this issue (job \`${job.id}\`, asked by @${job.actor}). ${whatFollows(open)}`;
  return withProgress(head, lines);
}

/**
 * The status comment once the pull request is there: `updated` when the run pushed onto one an earlier
 * run had opened (and that was still open when this one started), rather than opening it.
 */
export function doneComment(
  job: JobRecord,
  pr: { number: number },
  draft: boolean,
  usage?: Spent,
  o: { updated?: boolean } = {},
): string {
  const kind = draft ? "draft pull request" : "pull request";
  const unverified = draft ? " (the change is not verified yet)" : "";
  const what = o.updated
    ? `updated the ${kind} #${pr.number}${unverified}`
    : `opened a ${kind}${unverified}: #${pr.number}`;
  return `booty ${what} (job \`${job.id}\`).${spentText(usage)}`;
}

/** What the attempt's model calls cost, as the report has it. */
export type Spent = Parameters<typeof usageLine>[0];

/** Nothing when no model call was made: "0 model calls … cost unknown" would only puzzle. */
export const spentText = (usage: Spent | undefined): string =>
  usage && usage.calls.length > 0 ? ` Cost: ${usageLine(usage)}.` : "";

/**
 * The status comment once an attempt failed: it must not go on promising a pull request, nor drop the
 * link to one an earlier run opened. When no attempt follows, the failure comment says why, so this one
 * does not say it a second time.
 */
export function stoppedComment(
  job: JobRecord,
  attempt: number,
  error: JobError,
  o: { final?: boolean; open?: OpenPull; usage?: Spent } = {},
): string {
  const kept = `${o.open ? ` The pull request #${o.open.number} from an earlier run is still open.` : ""}${spentText(o.usage)}`;
  if (o.final) {
    return `booty stopped working on this issue (job \`${job.id}\`): the comment below says why and what to do.${kept}`;
  }
  const then = error.retryable ? "booty will try again shortly." : "booty will not try again by itself.";
  return `booty's attempt ${attempt} at this issue (job \`${job.id}\`) did not finish: ${sentence(publicError(job, error))} ${then}${kept}`;
}

export function failedComment(job: JobRecord, error: JobError): string {
  const line = publicError(job, error);
  const next =
    error.code === "cost-cap"
      ? "Nothing was pushed. To let it spend more, raise `BOOTY_MAX_COST_USD` / `BOOTY_MAX_TOKENS` (or `max_cost_usd` / `max_tokens` in `.booty.yml`), then comment `/booty retry`."
      : error.retryable
        ? "This looked temporary and was retried until the retries ran out. Comment `/booty retry` to try again later."
        : "Trying again unchanged will fail the same way: make the issue more specific (or fix the setting named above), then comment `/booty retry`.";
  return `booty could not finish job \`${job.id}\`: ${sentence(line)}\n\n${next}`;
}

export function deniedComment(job: JobRecord): string {
  return `booty only works for people with write access to this repository; @${job.actor} does not have it, so nothing was done.`;
}

/**
 * The status comment of a job that was queued for someone who has lost write access since: it must stop
 * saying "queued", and go on linking the pull request the queued text promised to update.
 */
export function deniedStatusComment(job: JobRecord, queued: string): string {
  const head = queued.split("\n\n")[0] ?? "";
  const open = /pull request:? #(\d+)/.exec(head)?.[1];
  const kept = open ? ` The pull request #${open} from an earlier run is still open.` : "";
  return `booty did not work on this issue (job \`${job.id}\`): ${deniedComment(job)}${kept}`;
}

/** Ends the text with one full stop, whatever it ended with. */
export const sentence = (text: string): string => `${text.replace(/[\s.]+$/, "")}.`;

/** An error as the public may read it: on one line, no host path, nothing that pings, closes or hides. */
export function publicError(job: JobRecord, error: JobError): string {
  return publicMarkdown(oneLine(withoutHostPaths(error.message), 300), { issue: job.issueNumber, repo: job.repo });
}
