import { z } from "zod";
import type { ReactionTarget } from "../forge/index.ts";
import type { DeliveryRecord } from "../queue/index.ts";

const id = z.number().int().positive();
const issueEvent = z.object({ issue: z.object({ number: id }) });
const commentEvent = z.object({ comment: z.object({ id }) });
const reviewEvent = z.object({ pull_request: z.object({ number: id }) });

/**
 * What asked for the job, as a reaction can point at it: the labelled issue, the `/booty` comment or
 * review comment, or (reviews take no reactions) the pull request a review was submitted on. Read from
 * the stored body, which was verified by its signature; null when the event is none of these.
 */
export function reactionTarget(record: Pick<DeliveryRecord, "event" | "payload">): ReactionTarget | null {
  let body: unknown;
  try {
    body = JSON.parse(record.payload);
  } catch {
    return null;
  }
  switch (record.event) {
    case "issues": {
      const p = issueEvent.safeParse(body);
      return p.success ? { kind: "issue", number: p.data.issue.number } : null;
    }
    case "issue_comment": {
      const p = commentEvent.safeParse(body);
      return p.success ? { kind: "issue_comment", id: p.data.comment.id } : null;
    }
    case "pull_request_review_comment": {
      const p = commentEvent.safeParse(body);
      return p.success ? { kind: "review_comment", id: p.data.comment.id } : null;
    }
    case "pull_request_review": {
      const p = reviewEvent.safeParse(body);
      return p.success ? { kind: "issue", number: p.data.pull_request.number } : null;
    }
    default:
      return null;
  }
}
