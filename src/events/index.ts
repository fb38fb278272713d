export { botAllowed, canTrigger, isBot } from "./actor.ts";
export { type CommentCommand, parseCommand, reviewInstruction } from "./command.ts";
export { issueAtTrigger, type Parsed, parseEvent, triggerTime } from "./parse.ts";
export type {
  IssueCommentPayload,
  IssuesPayload,
  PullRequestReviewCommentPayload,
  PullRequestReviewPayload,
} from "./payloads.ts";
export { type ReviewAtTrigger, reviewAtTrigger } from "./review-at-trigger.ts";
export { routeEvent } from "./route.ts";
export { isBootyBranch } from "./route-review.ts";
export {
  eventSummary,
  isIssueCommentEvent,
  isIssuesEvent,
  type Route,
  type Trigger,
  type TriggerRules,
  type WebhookEvent,
} from "./webhook-event.ts";
