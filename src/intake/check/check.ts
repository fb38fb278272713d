import { isUtf8 } from "node:buffer";
import { verify } from "@octokit/webhooks-methods";
import {
  eventSummary,
  parseEvent,
  type Route,
  routeEvent,
  type TriggerRules,
  type WebhookEvent,
} from "../../events/index.ts";
import { type DeliveryRecord, jobIdFor } from "../../queue/index.ts";
import { clip } from "../../text/clip.ts";
import { encodeRecord } from "../journal/frame.ts";

export interface CheckInput {
  body: Uint8Array;
  signature: string;
  event: string | undefined;
  deliveryId: string | undefined;
}

export interface CheckRules extends TriggerRules {
  secrets: readonly string[];
}

/** What the intake does with a delivery: refuse it, or journal `frame` and answer 202. */
export type Decision =
  | { status: 400 | 401; error: string; log?: { deliveryId: string; event: string } }
  | { status: 202; deliveryId: string; event: string; outcome: string; jobId: string | null; frame: Uint8Array };

/** Decides about deliveries: `checkDelivery` with the configured rules, on the thread that answers. */
export interface Checker {
  check(input: CheckInput): Promise<Decision>;
}

export function inlineChecker(rules: CheckRules): Checker {
  return { check: (input) => checkDelivery(input, rules) };
}

/**
 * Everything the intake decides about one delivery, from its bytes: signature (each configured secret,
 * constant time, with @octokit/webhooks-methods, over the exact bytes received), headers, JSON, shape and
 * route, and the journal record to keep. Pure, and synchronous but for the signature check.
 */
export async function checkDelivery(input: CheckInput, rules: CheckRules): Promise<Decision> {
  const raw = Buffer.from(input.body.buffer, input.body.byteOffset, input.body.byteLength);
  const text = await verified(rules.secrets, raw, input.signature);
  if (text === null) return { status: 401, error: "signature does not match" };
  const { event, deliveryId } = input;
  if (!event || !/^[\w.-]{1,64}$/.test(event)) return { status: 400, error: "missing X-GitHub-Event" };
  if (!deliveryId || !/^[\w-]{1,100}$/.test(deliveryId)) return { status: 400, error: "missing X-GitHub-Delivery" };
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { status: 400, error: "body is not JSON" };
  }
  const parsed = parseEvent(event, deliveryId, body);
  if (!parsed.ok) return { status: 400, error: parsed.problem, log: { deliveryId, event } };
  const record = toRecord(parsed.event, event, text, routeEvent(parsed.event, rules));
  return {
    status: 202,
    deliveryId,
    event,
    outcome: record.outcome,
    jobId: record.job?.id ?? null,
    frame: encodeRecord(record),
  };
}

/** The body as text when a secret's signature matches; null otherwise. */
export async function verified(secrets: readonly string[], raw: Buffer, signature: string): Promise<string | null> {
  if (!signature || raw.length === 0 || !signature.startsWith("sha256=")) return null;
  // A body that is not valid UTF-8 would be altered by decoding; it cannot be a GitHub payload.
  if (!isUtf8(raw)) return null;
  const text = raw.toString("utf8");
  for (const secret of secrets) {
    if (secret && (await verify(secret, text, signature).catch(() => false))) return text;
  }
  return null;
}

function toRecord(parsed: WebhookEvent, event: string, text: string, route: Route): DeliveryRecord {
  const { deliveryId } = parsed;
  const { action, repo } = eventSummary(parsed);
  if (route.kind === "ignore") {
    // Only payloads that asked for work are kept: an ignored push or workflow_run can be megabytes that
    // nobody will read, and writing them would cost the intake most of its throughput.
    return { id: deliveryId, event, action, repo, outcome: `ignored: ${route.reason}`, payload: "", job: null };
  }
  const t = route.trigger;
  return {
    id: deliveryId,
    event,
    action,
    repo: t.repo,
    outcome: "queued",
    payload: text,
    job: {
      id: jobIdFor(deliveryId),
      repo: t.repo,
      issueNumber: t.issueNumber,
      title: clip(t.title, 300),
      actor: t.actor,
      command: t.command,
      installationId: t.installationId,
    },
  };
}
