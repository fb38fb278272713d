import { ForgeError } from "../../errors/index.ts";
import type { ForgeReviews } from "../port.ts";
import type { Credentials } from "./credentials.ts";
import type { createClient } from "./octokit.ts";

/**
 * The pull-request conversation over GitHub's REST API: pull requests, reviews, review comments and
 * replies, reactions, and booty's check run (App) or commit status (token).
 * IN PROGRESS (session 8, forge-reviews helper): every method still refuses.
 */
export function reviewMethods(
  _client: ReturnType<typeof createClient>,
  _credentials: Credentials,
  _auth: { kind: "token" | "app" },
): ForgeReviews {
  const missing = (what: string) => () =>
    Promise.reject(new ForgeError(`${what} is not implemented yet`, { retryable: false }));
  return {
    getPullRequest: missing("getPullRequest"),
    listIssueComments: missing("listIssueComments"),
    listReviews: missing("listReviews"),
    listReviewComments: missing("listReviewComments"),
    replyToReviewComment: missing("replyToReviewComment"),
    addReaction: missing("addReaction"),
    reportCheck: missing("reportCheck"),
  };
}
