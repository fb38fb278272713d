import { z } from "zod";
import {
  issueCommentPayload,
  issuesPayload,
  pullRequestReviewCommentPayload,
  pullRequestReviewPayload,
} from "./payloads.ts";
import type { WebhookEvent } from "./webhook-event.ts";

export type Parsed = { ok: true; event: WebhookEvent } | { ok: false; problem: string };

/** The events booty may act on, each with the schema of what it reads of them. */
const schemas: Record<string, z.ZodType> = {
  issues: issuesPayload,
  issue_comment: issueCommentPayload,
  pull_request_review: pullRequestReviewPayload,
  pull_request_review_comment: pullRequestReviewCommentPayload,
};

/** Narrows a verified, JSON-parsed body by its X-GitHub-Event name; a shape booty cannot read is a problem. */
export function parseEvent(name: string, deliveryId: string, body: unknown): Parsed {
  const schema = Object.hasOwn(schemas, name) ? schemas[name] : undefined;
  if (schema) {
    const checked = schema.safeParse(body);
    if (!checked.success) {
      const issue = checked.error.issues[0];
      return {
        ok: false,
        problem: `${name} payload: ${issue?.path.join(".") || "body"}: ${issue?.message ?? "invalid"}`,
      };
    }
    return { ok: true, event: { name, deliveryId, payload: checked.data } as WebhookEvent };
  }
  // Most deliveries are events booty ignores: three fields for the delivery log, read without a schema.
  const loose = (typeof body === "object" && body !== null ? body : {}) as {
    action?: unknown;
    repository?: { full_name?: unknown } | null;
    sender?: { login?: unknown } | null;
  };
  const repo = loose.repository?.full_name;
  const sender = loose.sender?.login;
  return {
    ok: true,
    event: {
      name: "other",
      event: name,
      deliveryId,
      action: typeof loose.action === "string" ? loose.action : null,
      repo: typeof repo === "string" ? repo : null,
      sender: typeof sender === "string" ? sender.slice(0, 100) : null,
    },
  };
}

const asked = z.object({ issue: z.object({ title: z.string(), body: z.string().nullish() }) });

/**
 * The issue's title and body as they were when someone with write access asked for work, from the
 * delivery's payload: what was approved is what booty works on, not an edit made afterwards.
 */
export function issueAtTrigger(payload: string): { title: string; body: string } | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload);
  } catch {
    return null;
  }
  const checked = asked.safeParse(parsed);
  return checked.success ? { title: checked.data.issue.title, body: checked.data.issue.body ?? "" } : null;
}

const when = z.object({
  comment: z.object({ created_at: z.string() }).nullish(),
  review: z.object({ submitted_at: z.string().nullish() }).nullish(),
  issue: z.object({ updated_at: z.string().nullish() }).nullish(),
  pull_request: z.object({ updated_at: z.string().nullish() }).nullish(),
});

/**
 * When the trigger in the delivery's payload happened: the comment's or review's time, else the issue's
 * (or pull request's) `updated_at`, which a label moves. Comments written or edited after it are not used.
 */
export function triggerTime(payload: string): string | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload);
  } catch {
    return null;
  }
  const checked = when.safeParse(parsed);
  if (!checked.success) return null;
  const p = checked.data;
  return p.comment?.created_at ?? p.review?.submitted_at ?? p.issue?.updated_at ?? p.pull_request?.updated_at ?? null;
}
