export { createForgePublisher, type ForgePublisherOptions } from "./forge-publisher.ts";
export { proposePullRequest } from "./proposal.ts";
export { type PullRequestBodyInput, pullRequestBody } from "./pull-request.ts";
export { verificationSummary } from "./verification-summary.ts";
