import { commentMarker } from "../forge/marker.ts";
import { refuseAsker } from "./admit.ts";
import { reviewInstruction } from "./command.ts";
import type { IssueCommentPayload, PullRequestReviewCommentPayload, PullRequestReviewPayload } from "./payloads.ts";
import type { Route, TriggerRules } from "./webhook-event.ts";

type PullRequest = PullRequestReviewPayload["pull_request"];
/** The section booty writes into its pull requests' bodies (pipeline/publish/verification-section.ts). */
const VERIFICATION = commentMarker("verification");

/**
 * A review submitted on a pull request asks booty for a follow-up when it requests changes or its body
 * starts with `/booty`; an approval or a comment without `/booty` does not, nor does a dismissal or edit.
 */
export function routeReview(p: PullRequestReviewPayload, rules: TriggerRules): Route {
  if (p.action !== "submitted") return ignore(`pull_request_review.${p.action} is not a trigger`);
  const refused = refuseAsker(p, rules, p.review.body);
  if (refused) return ignore(refused);
  const state = p.review.state.toLowerCase();
  if (state !== "changes_requested" && reviewInstruction(p.review.body) === null) {
    return ignore(`a review (${state}) without /booty is not a trigger`);
  }
  return onPullRequest(p, p.pull_request, rules, `review:${p.review.id}`);
}

/** A new review comment (or reply in a review thread) starting with `/booty`; edits and deletions are not. */
export function routeReviewComment(p: PullRequestReviewCommentPayload, rules: TriggerRules): Route {
  if (p.action !== "created") return ignore(`pull_request_review_comment.${p.action} is not a trigger`);
  const refused = refuseAsker(p, rules, p.comment.body);
  if (refused) return ignore(refused);
  if (reviewInstruction(p.comment.body) === null) return ignore("review comment is not a /booty command");
  return onPullRequest(p, p.pull_request, rules, `review-comment:${p.comment.id}`);
}

/**
 * `/booty <instruction>` in a pull request's conversation. The payload says nothing of the pull request's
 * branch, which the review job checks (`isBootyBranch`); what it does say rules out most pull requests
 * booty did not open, so that they get no job, no 👀 and no comment (`mayBeBootys`).
 */
export function routePullRequestComment(p: IssueCommentPayload, rules: TriggerRules): Route {
  const refused = refuseAsker(p, rules, p.comment.body);
  if (refused) return ignore(refused);
  if (reviewInstruction(p.comment.body) === null) return ignore("comment is not a /booty command");
  if (p.issue.state !== undefined && p.issue.state !== "open") {
    return ignore(`pull request #${p.issue.number} is ${p.issue.state}`);
  }
  if (!rules.reviewAnyPr && !mayBeBootys(p.issue, rules)) {
    const by = p.issue.user?.login.slice(0, 100) ?? "someone";
    return ignore(`pull request #${p.issue.number} is not booty's (opened by ${by}); BOOTY_REVIEW_ANY_PR is off`);
  }
  const id = p.comment.id;
  return trigger(p, { number: p.issue.number, title: p.issue.title }, id == null ? null : `comment:${id}`);
}

/**
 * Whether booty may have opened the pull request a conversation comment is on: booty opens them as an App
 * (a bot account) or as one of its own logins (BOOTY_BOT_LOGIN), and writes its verification section into
 * their body. A person's pull request without that section is not booty's; anything else the job decides.
 */
function mayBeBootys(pr: IssueCommentPayload["issue"], rules: TriggerRules): boolean {
  const author = pr.user;
  if (!author || author.type === "Bot" || (pr.body ?? "").includes(VERIFICATION)) return true;
  return (rules.selfLogins ?? []).some((self) => self.toLowerCase() === author.login.toLowerCase());
}

/** Whether a head branch is one booty opened a pull request from (or reviews of any pull request are on). */
export function isBootyBranch(ref: string, rules: Pick<TriggerRules, "branchPrefix" | "reviewAnyPr">): boolean {
  if (rules.reviewAnyPr) return true;
  const prefix = rules.branchPrefix ?? "booty/";
  return ref.startsWith(prefix.endsWith("/") ? prefix : `${prefix}/`);
}

function onPullRequest(
  p: PullRequestReviewPayload | PullRequestReviewCommentPayload,
  pr: PullRequest,
  rules: TriggerRules,
  what: string,
): Route {
  if (pr.merged || pr.merged_at) return ignore(`pull request #${pr.number} is merged`);
  if (pr.state !== "open") return ignore(`pull request #${pr.number} is ${pr.state}`);
  if (!isBootyBranch(pr.head.ref, rules)) {
    return ignore(
      `pull request #${pr.number} is not booty's (branch ${pr.head.ref.slice(0, 100)}); BOOTY_REVIEW_ANY_PR is off`,
    );
  }
  return trigger(p, pr, what);
}

function trigger(
  p: { repository: IssueCommentPayload["repository"]; sender: { login: string }; installation?: { id: number } | null },
  pr: { number: number; title: string },
  what: string | null,
): Route {
  const repo = p.repository.full_name;
  return {
    kind: "trigger",
    trigger: {
      repo,
      owner: p.repository.owner.login,
      name: p.repository.name,
      issueNumber: pr.number,
      title: pr.title,
      actor: p.sender.login,
      command: "review",
      installationId: p.installation?.id ?? null,
      key: what === null ? null : `${repo.toLowerCase()}#${pr.number}:${what}`,
    },
  };
}

const ignore = (reason: string): Route => ({ kind: "ignore", reason });
