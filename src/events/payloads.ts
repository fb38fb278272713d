import { z } from "zod";

/**
 * The parts of GitHub's `issues`, `issue_comment` and pull-request review payloads that booty reads. Everything else in a
 * payload is ignored; what is read is checked here, at the boundary, because the body is attacker-sized
 * and only its signature is trusted, not its shape.
 */
const user = z.object({ login: z.string().min(1), type: z.string().optional() });
const label = z.object({ name: z.string() });
const repository = z.object({
  full_name: z.string().regex(/^[\w.-]+\/[\w.-]+$/),
  name: z.string(),
  owner: z.object({ login: z.string() }),
});
const issue = z.object({
  number: z.number().int().positive(),
  title: z.string(),
  body: z.string().nullish(),
  labels: z.array(z.union([label, z.string()])).nullish(),
  pull_request: z.unknown().optional(),
  state: z.string().optional(),
  updated_at: z.string().nullish(),
  /** Who opened it: on a pull request's comment, whether booty may have (route-review.ts). */
  user: user.nullish(),
});
const installation = z.object({ id: z.number().int() }).nullish();

export const issuesPayload = z.object({
  action: z.string(),
  issue,
  label: label.nullish(),
  repository,
  sender: user,
  installation,
});

export const issueCommentPayload = z.object({
  action: z.string(),
  issue,
  comment: z.object({
    id: z.number().int().nullish(),
    body: z.string().nullish(),
    user,
    created_at: z.string().nullish(),
  }),
  repository,
  sender: user,
  installation,
});

/** A pull request as review events carry it: where its head is, and whether it is still open. */
const pullRequest = z.object({
  number: z.number().int().positive(),
  title: z.string(),
  state: z.string(),
  merged: z.boolean().nullish(),
  merged_at: z.string().nullish(),
  head: z.object({ ref: z.string(), sha: z.string() }),
});

export const pullRequestReviewPayload = z.object({
  action: z.string(),
  review: z.object({
    id: z.number().int(),
    body: z.string().nullish(),
    state: z.string(),
    user: user.nullish(),
    submitted_at: z.string().nullish(),
    commit_id: z.string().nullish(),
  }),
  pull_request: pullRequest,
  repository,
  sender: user,
  installation,
});

export const pullRequestReviewCommentPayload = z.object({
  action: z.string(),
  comment: z.object({
    id: z.number().int(),
    body: z.string().nullish(),
    user: user.nullish(),
    created_at: z.string().nullish(),
    path: z.string().nullish(),
    in_reply_to_id: z.number().int().nullish(),
    pull_request_review_id: z.number().int().nullish(),
  }),
  pull_request: pullRequest,
  repository,
  sender: user,
  installation,
});

export type IssuesPayload = z.infer<typeof issuesPayload>;
export type IssueCommentPayload = z.infer<typeof issueCommentPayload>;
export type PullRequestReviewPayload = z.infer<typeof pullRequestReviewPayload>;
export type PullRequestReviewCommentPayload = z.infer<typeof pullRequestReviewCommentPayload>;
