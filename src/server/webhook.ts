import type { IncomingMessage, ServerResponse } from "node:http";
import { describeError } from "../errors/index.ts";
import { parseEvent, type Route, routeEvent, type TriggerRules } from "../events/index.ts";
import type { Logger } from "../log/logger.ts";
import { type DeliveryRecord, type Intake, jobIdFor } from "../queue/index.ts";
import { BodyTooLarge, MAX_BODY_BYTES, readBody } from "./body.ts";
import { sendJson } from "./respond.ts";
import { verifySignature } from "./signature.ts";

export interface WebhookDeps {
  secrets: readonly string[];
  rules: TriggerRules;
  intake: Intake;
  logger: Logger;
  maxBodyBytes?: number;
}

const header = (req: IncomingMessage, name: string): string | undefined => {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/**
 * POST /webhooks/github. Verifies, stores and answers: no GitHub or model call happens here, so the
 * answer comes in milliseconds whatever state those are in. The delivery (and its job, if it triggers)
 * is durable in the intake journal before the 202, and in the database moments later. `job` names the
 * job the delivery asks for; a redelivery names the same one and creates nothing, and a delivery for an
 * issue that already has a queued or running job creates none (`booty jobs` shows what was created).
 */
export async function handleWebhook(req: IncomingMessage, res: ServerResponse, deps: WebhookDeps): Promise<void> {
  const signature = header(req, "x-hub-signature-256");
  if (!signature) return sendJson(res, 401, { error: "missing X-Hub-Signature-256" }, true);
  let raw: Buffer;
  try {
    raw = await readBody(req, deps.maxBodyBytes ?? MAX_BODY_BYTES);
  } catch (error) {
    if (error instanceof BodyTooLarge) return sendJson(res, 413, { error: "payload over 25 MB" }, true);
    throw error;
  }
  const text = await verifySignature(deps.secrets, raw, signature);
  if (text === null) return sendJson(res, 401, { error: "signature does not match" });
  const event = header(req, "x-github-event");
  const deliveryId = header(req, "x-github-delivery");
  if (!event || !/^[\w.-]{1,64}$/.test(event)) return sendJson(res, 400, { error: "missing X-GitHub-Event" });
  if (!deliveryId || !/^[\w-]{1,100}$/.test(deliveryId)) {
    return sendJson(res, 400, { error: "missing X-GitHub-Delivery" });
  }
  const log = deps.logger;
  const decided = decide(deliveryId, event, text, deps);
  if ("problem" in decided) return sendJson(res, 400, { error: decided.problem });
  const { record } = decided;
  try {
    await deps.intake.append(record);
    const jobId = record.job?.id ?? null;
    // Most deliveries are events booty ignores: those are logged only when debugging.
    if (jobId) log.info({ deliveryId, event, jobId }, "delivery accepted");
    else log.debug({ deliveryId, event, outcome: record.outcome }, "delivery ignored");
    sendJson(res, 202, { delivery: deliveryId, outcome: jobId ? "accepted" : record.outcome, job: jobId });
  } catch (error) {
    log.error({ deliveryId, event, err: describeError(error) }, "could not store the delivery");
    sendJson(res, 503, { error: "could not store the delivery; redeliver it later" });
  }
}

/**
 * Parses and routes synchronously, so that the parsed body is garbage before the handler waits for the
 * disk: a burst keeps dozens of deliveries in flight, and their bodies should die young.
 */
function decide(
  deliveryId: string,
  event: string,
  text: string,
  deps: WebhookDeps,
): { record: DeliveryRecord } | { problem: string } {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { problem: "body is not JSON" };
  }
  const parsed = parseEvent(event, deliveryId, body);
  if (!parsed.ok) {
    deps.logger.warn({ deliveryId, event, problem: parsed.problem }, "delivery rejected");
    return { problem: parsed.problem };
  }
  return { record: toRecord(deliveryId, event, body, text, routeEvent(parsed.event, deps.rules)) };
}

function toRecord(deliveryId: string, event: string, body: unknown, text: string, route: Route): DeliveryRecord {
  const loose = (body ?? {}) as { action?: unknown; repository?: { full_name?: unknown } };
  const action = typeof loose.action === "string" ? loose.action : null;
  const repo = typeof loose.repository?.full_name === "string" ? loose.repository.full_name : null;
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
      title: t.title.slice(0, 300),
      actor: t.actor,
      command: t.command,
      installationId: t.installationId,
    },
  };
}
