export { botAllowed, canTrigger, isBot } from "./actor.ts";
export { type CommentCommand, parseCommand } from "./command.ts";
export { issueAtTrigger, type Parsed, parseEvent, triggerTime } from "./parse.ts";
export type { IssueCommentPayload, IssuesPayload } from "./payloads.ts";
export { routeEvent } from "./route.ts";
export {
  eventSummary,
  isIssueCommentEvent,
  isIssuesEvent,
  type Route,
  type Trigger,
  type TriggerRules,
  type WebhookEvent,
} from "./webhook-event.ts";
