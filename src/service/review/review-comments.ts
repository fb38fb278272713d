import type { SettledDecision } from "../../pipeline/review/types.ts";
import type { JobError, JobRecord } from "../../queue/index.ts";
import { publicError, type Spent, sentence, spentText } from "../comments.ts";
import { StatusLines, withProgress } from "../status-text.ts";

/**
 * The review job's status comment on the pull request: one per job, so each round of review keeps its own
 * record of what booty pushed or answered, and a later job (or a later job's failure) never edits an
 * earlier one's. Distinct from the issue job's `started`, which lives on the issue.
 */
export const reviewStatusMarker = (jobId: string): string => `review-status:${jobId}`;

const who = (job: JobRecord): string => `job \`${job.id}\`, asked by @${job.actor}`;

/** While the job waits for a worker, or for the pull request's running job to end. */
export function reviewQueuedComment(job: JobRecord, position: number): string {
  const lines = new StatusLines({ issue: job.issueNumber, repo: job.repo }).queued(position);
  return withProgress(`booty will work on this review (${who(job)}).`, lines);
}

/** `pushed`: the commit an earlier attempt of the job pushed, which every later text goes on naming. */
export function reviewStartedComment(job: JobRecord, pushed?: string | null): string {
  const earlier = pushed ? ` An earlier attempt pushed ${pushed.slice(0, 12)} to this pull request.` : "";
  return `booty is working on this review (${who(job)}).${earlier}`;
}

/**
 * The commit a status comment's own words say the job pushed, or null. Only its first paragraph is
 * booty's: the step lines after it quote the model's summary, which must not be able to claim a push.
 */
export function pushedIn(body: string): string | null {
  const head = body.split("\n\n")[0] ?? "";
  return /\bpushed ([0-9a-f]{12}) to this pull request\b/.exec(head)?.[1] ?? null;
}

/** What the review came to: the commit pushed, or the answers and that nothing needed committing. */
export function reviewDoneComment(
  job: JobRecord,
  report: { decisions: readonly SettledDecision[]; pushed?: string | undefined; usage?: Spent | undefined },
): string {
  const count = (action: SettledDecision["action"]) => report.decisions.filter((d) => d.action === action).length;
  const [changed, answered, declined] = [count("change"), count("answer"), count("decline")];
  const job_ = ` (job \`${job.id}\`).${spentText(report.usage)}`;
  if (report.pushed) {
    const what = `${plural(changed, "request")} changed, ${answered} answered, ${declined} declined`;
    return `booty pushed ${report.pushed.slice(0, 12)} to this pull request: ${what}${job_}`;
  }
  const said = [
    ...(answered > 0 ? [`answered ${plural(answered, "question")}`] : []),
    ...(declined > 0 ? [`declined ${plural(declined, "request")}`] : []),
  ];
  return `booty ${said.join(" and ") || "had nothing to change"}; nothing to commit${job_}`;
}

/** The job found every request already answered (an earlier job did, or they were folded into it). */
export function reviewIdleComment(job: JobRecord): string {
  return `booty found every request of this review already answered; nothing to do (job \`${job.id}\`).`;
}

/** Why booty will not work on the pull request at all (merged, closed, a fork's, someone else's). */
export function reviewRefusedComment(reason: string): string {
  return `booty did not act on this review: ${reason}.`;
}

/**
 * The attempt failed: why, in words for a person, whether booty tries again, and what it spent. When the
 * follow-up was pushed before the failure (the replies failed), the comment still names the commit.
 */
export function reviewStoppedComment(
  job: JobRecord,
  attempt: number,
  error: JobError,
  o: { final: boolean; pushed?: string | undefined; usage?: Spent | undefined },
): string {
  const why = sentence(publicError(job, error));
  const pushed = o.pushed
    ? ` booty had pushed ${o.pushed.slice(0, 12)} to this pull request; its replies may be missing.`
    : "";
  const then = o.final
    ? ""
    : error.retryable
      ? " booty will try again shortly."
      : " booty will not try again by itself.";
  const head = o.final
    ? `booty stopped working on this review (job \`${job.id}\`): ${why}`
    : `booty's attempt ${attempt} at this review (job \`${job.id}\`) did not finish: ${why}`;
  return `${head}${pushed}${then}${spentText(o.usage)}`;
}

const plural = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? "" : "s"}`;

/** The failure comment's name on the pull request: one per pull request, edited by the next job that fails. */
export const REVIEW_FAILED_MARKER = "review-failed";

/**
 * Once a review job has failed for good: why, and what to do next on a pull request (where `/booty retry`
 * would be read as a request, not as a retry). A new `/booty` comment is enough: booty takes up every
 * request it has not answered yet.
 */
export function reviewFailedComment(job: JobRecord, error: JobError): string {
  const next =
    error.code === "cost-cap"
      ? "booty stopped before a model call that could pass the job's spending cap. To let it spend more, raise `BOOTY_MAX_COST_USD` / `BOOTY_MAX_TOKENS` (or `max_cost_usd` / `max_tokens` in the base branch's `.booty.yml`), then comment `/booty` again."
      : error.retryable
        ? "This looked temporary and was retried until the retries ran out. Comment `/booty` again later: booty takes up every request it has not answered yet."
        : "Asking again unchanged will fail the same way: reword the request (or fix what is named above), then comment `/booty` again.";
  return `booty could not finish review job \`${job.id}\` on this pull request: ${sentence(publicError(job, error))}\n\n${next}`;
}
