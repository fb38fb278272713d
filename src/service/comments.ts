import type { JobError } from "../queue/index.ts";
import type { JobRecord } from "../queue/types.ts";
import { publicMarkdown, withoutHostPaths } from "../security/public-text.ts";
import { oneLine } from "../text/clip.ts";

/** Names of booty's comments; the forge hides each in its comment and edits that comment in place. */
export const MARKERS = { started: "started", failed: "failed", denied: "denied" } as const;

export function startedComment(job: JobRecord): string {
  return `booty is working on this issue (job \`${job.id}\`, asked by @${job.actor}). A pull request will follow.`;
}

export function doneComment(job: JobRecord, pr: { number: number }, draft: boolean): string {
  const what = draft ? "a draft pull request (the change is not verified yet)" : "a pull request";
  return `booty opened ${what}: #${pr.number} (job \`${job.id}\`).`;
}

/** The status comment once an attempt failed: it must not go on promising a pull request. */
export function stoppedComment(job: JobRecord, attempt: number, error: JobError): string {
  const then = error.retryable
    ? "booty will try again shortly."
    : "If booty cannot go on, a comment below says why and what to do.";
  return `booty's attempt ${attempt} at this issue (job \`${job.id}\`) did not finish: ${publicError(job, error)}. ${then}`;
}

export function failedComment(job: JobRecord, error: JobError): string {
  const line = publicError(job, error);
  const next = error.retryable
    ? "This looked temporary and was retried until the retries ran out. Comment `/booty retry` to try again later."
    : "Trying again unchanged will fail the same way: make the issue more specific (or fix the setting named above), then comment `/booty retry`.";
  return `booty could not finish job \`${job.id}\`: ${line}\n\n${next}`;
}

export function deniedComment(job: JobRecord): string {
  return `booty only works for people with write access to this repository; @${job.actor} does not have it, so nothing was done.`;
}

/** An error as the public may read it: on one line, no host path, nothing that pings, closes or hides. */
function publicError(job: JobRecord, error: JobError): string {
  return publicMarkdown(oneLine(withoutHostPaths(error.message), 300), { issue: job.issueNumber, repo: job.repo });
}
