import { isUtf8 } from "node:buffer";
import { createHash, randomUUID } from "node:crypto";
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

/**
 * What the intake does with a delivery: journal `frame` and answer 202, or refuse it, and journal `frame`
 * too, so that the refusal is kept with its reason (`claimed` and `event` are what the headers say).
 */
export type Decision =
  | { status: 400 | 401 | 413; error: string; claimed: string | null; event: string | null; frame: Uint8Array }
  | { status: 202; deliveryId: string; event: string; outcome: string; jobId: string | null; frame: Uint8Array };

export type Refusal = Extract<Decision, { status: 400 | 401 | 413 }>;

const EVENT = /^[\w.-]{1,64}$/;
const DELIVERY = /^[\w-]{1,100}$/;

/**
 * A refused delivery, as the journal keeps it. Its headers are unverified, so it is stored under an id of
 * its own, and what it claimed is kept only where it has the expected form.
 */
export function refusal(
  status: Refusal["status"],
  error: string,
  headers: { event: string | undefined; deliveryId: string | undefined },
): Refusal {
  const claimed = headers.deliveryId && DELIVERY.test(headers.deliveryId) ? headers.deliveryId : null;
  const event = headers.event && EVENT.test(headers.event) ? headers.event : null;
  const record: DeliveryRecord = {
    id: `refused-${randomUUID()}`,
    event: event ?? "",
    action: null,
    repo: null,
    sender: null,
    receivedAt: new Date().toISOString(),
    claimedId: claimed,
    outcome: `refused: ${error}`,
    payload: "",
    job: null,
  };
  return { status, error, claimed, event, frame: encodeRecord(record) };
}

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
  if (text === null) return refusal(401, "signature does not match", input);
  const { event, deliveryId } = input;
  if (!event || !EVENT.test(event)) return refusal(400, "missing X-GitHub-Event", input);
  if (!deliveryId || !DELIVERY.test(deliveryId)) return refusal(400, "missing X-GitHub-Delivery", input);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return refusal(400, "body is not JSON", input);
  }
  const parsed = parseEvent(event, deliveryId, body);
  if (!parsed.ok) return refusal(400, parsed.problem, input);
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
  const { action, repo, sender } = eventSummary(parsed);
  const receivedAt = new Date().toISOString();
  if (route.kind === "ignore") {
    // Only payloads that asked for work are kept: an ignored push or workflow_run can be megabytes that
    // nobody will read, and writing them would cost the intake most of its throughput.
    const outcome = `ignored: ${route.reason}`;
    return { id: deliveryId, event, action, repo, sender, receivedAt, outcome, payload: "", job: null };
  }
  const t = route.trigger;
  return {
    id: deliveryId,
    event,
    action,
    sender,
    receivedAt,
    repo: t.repo,
    outcome: "queued",
    payload: text,
    triggerKey: t.key ?? `body:${createHash("sha256").update(text).digest("hex")}`,
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
