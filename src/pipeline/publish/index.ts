export { createForgePublisher, type ForgePublisherOptions } from "./forge-publisher.ts";
export { proposePullRequest } from "./proposal.ts";
export { type PullRequestBodyInput, pullRequestBody } from "./pull-request.ts";
export { verificationSection, withVerification } from "./verification-section.ts";
export { verificationLines, verificationSummary } from "./verification-summary.ts";
