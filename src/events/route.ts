import { refuseAsker } from "./admit.ts";
import { parseCommand } from "./command.ts";
import type { IssueCommentPayload, IssuesPayload } from "./payloads.ts";
import { routePullRequestComment, routeReview, routeReviewComment } from "./route-review.ts";
import {
  isIssueCommentEvent,
  isIssuesEvent,
  type Route,
  type TriggerRules,
  type WebhookEvent,
} from "./webhook-event.ts";

/**
 * Decides whether a delivery asks booty for work. Triggers: an issue labelled with the trigger label, an
 * issue opened already carrying it, and a new comment starting with `/booty` on an issue; on a pull
 * request, a review job (route-review.ts). Every other event and action is ignored, with the reason kept
 * for the delivery log.
 */
export function routeEvent(event: WebhookEvent, rules: TriggerRules): Route {
  if (isIssuesEvent(event)) return routeIssues(event.payload, rules);
  if (isIssueCommentEvent(event)) return routeComment(event.payload, rules);
  if (event.name === "pull_request_review") return routeReview(event.payload, rules);
  if (event.name === "pull_request_review_comment") return routeReviewComment(event.payload, rules);
  return ignore(`${event.event}${event.action ? `.${event.action}` : ""} is not a trigger`);
}

function routeIssues(p: IssuesPayload, rules: TriggerRules): Route {
  const label = rules.triggerLabel.toLowerCase();
  if (p.action === "labeled") {
    if (p.label?.name.toLowerCase() !== label)
      return ignore(`label ${p.label?.name ?? "(none)"} is not the trigger label`);
  } else if (p.action === "opened") {
    if (!labelNames(p.issue.labels).includes(label)) return ignore("opened without the trigger label");
  } else {
    return ignore(`issues.${p.action} is not a trigger`);
  }
  const stamp = p.action === "opened" ? "" : p.issue.updated_at;
  const key = stamp === null || stamp === undefined ? null : `${p.action}:${p.label?.name ?? ""}:${stamp}`;
  return gate(p, "run", rules, key);
}

function routeComment(p: IssueCommentPayload, rules: TriggerRules): Route {
  if (p.action !== "created") return ignore(`issue_comment.${p.action} is not a trigger`);
  if (p.issue.pull_request !== undefined && p.issue.pull_request !== null) return routePullRequestComment(p, rules);
  const command = parseCommand(p.comment.body);
  if (command.kind === "none") return ignore("comment is not a /booty command");
  if (command.kind === "unknown") return ignore(`unknown command: ${command.text}`);
  const refused = refuseAsker(p, rules, p.comment.body);
  if (refused) return ignore(refused);
  const id = p.comment.id;
  return gate(p, command.command, rules, id === null || id === undefined ? null : `comment:${id}`);
}

function gate(
  p: IssuesPayload | IssueCommentPayload,
  command: "run" | "retry",
  rules: TriggerRules,
  what: string | null,
): Route {
  const repo = p.repository.full_name;
  const refused = refuseAsker(p, rules);
  if (refused) return ignore(refused);
  if (p.issue.pull_request !== undefined && p.issue.pull_request !== null) {
    return ignore("the issue is a pull request");
  }
  return {
    kind: "trigger",
    trigger: {
      repo,
      owner: p.repository.owner.login,
      name: p.repository.name,
      issueNumber: p.issue.number,
      title: p.issue.title,
      actor: p.sender.login,
      command,
      installationId: p.installation?.id ?? null,
      key: what === null ? null : `${repo.toLowerCase()}#${p.issue.number}:${what}`,
    },
  };
}

function labelNames(labels: IssuesPayload["issue"]["labels"]): string[] {
  return (labels ?? []).map((l) => (typeof l === "string" ? l : l.name).toLowerCase());
}

const ignore = (reason: string): Route => ({ kind: "ignore", reason });
