import type { JobCommand } from "../queue/records.ts";
import type {
  IssueCommentPayload,
  IssuesPayload,
  PullRequestReviewCommentPayload,
  PullRequestReviewPayload,
} from "./payloads.ts";

/** A verified delivery, narrowed by event name; anything booty does not act on is `other`. */
export type WebhookEvent =
  | { name: "issues"; deliveryId: string; payload: IssuesPayload }
  | { name: "issue_comment"; deliveryId: string; payload: IssueCommentPayload }
  | { name: "pull_request_review"; deliveryId: string; payload: PullRequestReviewPayload }
  | { name: "pull_request_review_comment"; deliveryId: string; payload: PullRequestReviewCommentPayload }
  | {
      name: "other";
      event: string;
      deliveryId: string;
      action: string | null;
      repo: string | null;
      sender: string | null;
    };

/** The action, repository and sender that the delivery log keeps, whatever the event. */
export const eventSummary = (e: WebhookEvent): { action: string | null; repo: string | null; sender: string | null } =>
  e.name === "other"
    ? { action: e.action, repo: e.repo, sender: e.sender }
    : { action: e.payload.action, repo: e.payload.repository.full_name, sender: e.payload.sender.login };

export const isIssuesEvent = (e: WebhookEvent): e is Extract<WebhookEvent, { name: "issues" }> => e.name === "issues";
export const isIssueCommentEvent = (e: WebhookEvent): e is Extract<WebhookEvent, { name: "issue_comment" }> =>
  e.name === "issue_comment";

export interface TriggerRules {
  /** The label that asks booty to work on an issue. */
  triggerLabel: string;
  /** Bot logins that may trigger booty; every other bot is ignored. */
  allowedBots: readonly string[];
  /** owner/name allow-list; empty allows every repository the App is installed on. */
  repos: readonly string[];
  /** The prefix of the branches booty opens pull requests from (BOOTY_BRANCH_PREFIX); default `booty/`. */
  branchPrefix?: string | undefined;
  /** Reviews on pull requests booty did not open trigger too (BOOTY_REVIEW_ANY_PR). */
  reviewAnyPr?: boolean | undefined;
  /** The logins booty itself acts as (BOOTY_BOT_LOGIN): whatever they do never triggers booty. */
  selfLogins?: readonly string[] | undefined;
}

export interface Trigger {
  repo: string;
  owner: string;
  name: string;
  issueNumber: number;
  title: string;
  actor: string;
  /** `review`: a review or `/booty <instruction>` on a pull request; `issueNumber` is then the pull request. */
  command: JobCommand;
  installationId: number | null;
  /**
   * What the trigger is, the same however often its body is delivered: the comment, or the issue's label
   * event. null when the payload lacks the field that tells events apart.
   */
  key: string | null;
}

export type Route = { kind: "trigger"; trigger: Trigger } | { kind: "ignore"; reason: string };
