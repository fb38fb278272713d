import { describeError } from "../../errors/index.ts";
import type { Forge, PullRequest, RepoRef } from "../../forge/index.ts";
import { withMarker } from "../../forge/marker.ts";
import type { Logger } from "../../log/logger.ts";
import { withVerification } from "../../pipeline/publish/index.ts";
import { usageLine } from "../../pipeline/publish/usage-line.ts";
import { answeredMarker } from "../../pipeline/review/open-requests.ts";
import type { ReviewReport, SettledDecision } from "../../pipeline/review/types.ts";
import { publicMarkdown } from "../../security/public-text.ts";
import { redactText } from "../../security/redact.ts";
import { oneLine } from "../../text/clip.ts";

export interface AnswerContext {
  forge: Forge;
  ref: RepoRef;
  pull: PullRequest;
  jobId: string;
  /** Credentials the job held: scrubbed from every reply, whatever the model wrote. */
  secrets: readonly string[];
  logger: Logger;
}

/**
 * Says what booty did, once the follow-up commit (if any) is on the forge: a reply in each thread it
 * decided on, one conversation comment for the requests made outside threads, and the pull request's
 * verification section brought up to date. Model text is public-safe and scrubbed of secrets.
 */
export async function answerReview(c: AnswerContext, report: ReviewReport): Promise<void> {
  const { forge, ref, pull } = c;
  const say = (d: SettledDecision) => replyText(c, d, report.pushed);
  for (const d of report.decisions.filter((x) => x.kind === "thread")) {
    // One at a time, oldest thread first: GitHub's secondary limits frown on bursts of writes. The marker
    // makes the intake ignore booty's own reply, even one whose text starts with `/booty`.
    await forge.replyToReviewComment(ref, pull.number, d.id, withMarker(say(d), `review-reply:${c.jobId}`));
  }
  const requests = report.decisions.filter((x) => x.kind !== "thread");
  if (requests.length > 0) {
    const answered = requests.map((d) => answeredMarker(d.kind === "review" ? "review" : "comment", d.id));
    const lines = ["booty's answers to the review:", "", ...requests.map((d) => `- ${say(d)}`), "", ...answered];
    const body = lines.join("\n");
    await forge.ensureComment(ref, pull.number, { marker: `review-answer:${c.jobId}`, body });
  }
  if (report.pushed && report.verificationSummary) {
    // The section is the latest follow-up's: its verification, and what its job cost.
    const cost = report.usage?.calls.length
      ? `\n\n_Follow-up ${report.pushed.slice(0, 12)} (review job \`${c.jobId}\`). Cost: ${usageLine(report.usage)}._`
      : "";
    await forge
      .ensurePullRequest(ref, {
        head: pull.head.ref,
        base: pull.base.ref,
        title: pull.title,
        body: withVerification(pull.body, `${report.verificationSummary}${cost}`),
        draft: pull.draft,
      })
      .catch((error: unknown) =>
        c.logger.warn({ err: describeError(error) }, "could not update the pull request's verification section"),
      );
  }
}

function replyText(c: AnswerContext, d: SettledDecision, pushed: string | undefined): string {
  const text = publicMarkdown(redactText(d.reply, c.secrets), { repo: `${c.ref.owner}/${c.ref.repo}` });
  if (d.action === "change" && pushed) return `${oneLine(text, 500)} (in ${pushed.slice(0, 12)})`;
  if (d.action === "decline") return `booty did not change this: ${text}`;
  return text;
}
