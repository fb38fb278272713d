export { createForgePublisher, type ForgePublisherOptions } from "./forge-publisher.ts";
export { proposePullRequest } from "./proposal.ts";
export { type PullRequestBodyInput, pullRequestBody } from "./pull-request.ts";
export { verificationLines, verificationSummary } from "./verification-summary.ts";
