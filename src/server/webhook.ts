import type { IncomingMessage, ServerResponse } from "node:http";
import { BodyTooLargeError, describeError } from "../errors/index.ts";
import { type Checker, type Decision, type Refusal, refusal } from "../intake/check/check.ts";
import type { Intake } from "../intake/journal/intake.ts";
import type { Logger } from "../log/logger.ts";
import { MAX_BODY_BYTES, readBody } from "./body.ts";
import { sendJson } from "./respond.ts";

export interface WebhookDeps {
  /** Verifies, parses and routes a delivery and makes its journal record. */
  checker: Checker;
  intake: Pick<Intake, "append">;
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
 * issue that already has a queued or running job creates none unless that job ends denied (`booty jobs`
 * shows what was created; see queue/db/waiting.ts).
 */
export async function handleWebhook(req: IncomingMessage, res: ServerResponse, deps: WebhookDeps): Promise<void> {
  const event = header(req, "x-github-event");
  const deliveryId = header(req, "x-github-delivery");
  const signature = header(req, "x-hub-signature-256");
  if (!signature) return refuse(res, deps, refusal(401, "missing X-Hub-Signature-256", { event, deliveryId }), true);
  let body: Uint8Array;
  try {
    body = await readBody(req, deps.maxBodyBytes ?? MAX_BODY_BYTES);
  } catch (error) {
    if (error instanceof BodyTooLargeError) {
      return refuse(res, deps, refusal(413, "payload over 25 MB", { event, deliveryId }), true);
    }
    throw error;
  }
  let decision: Decision;
  try {
    decision = await deps.checker.check({ body, signature, event, deliveryId });
  } catch (error) {
    // A fault in checking (never expected): nothing was stored, and GitHub can redeliver.
    deps.logger.error({ deliveryId, event, err: describeError(error) }, "could not check the delivery");
    return sendJson(res, 503, { error: "could not check the delivery; redeliver it later" });
  }
  if (decision.status !== 202) return refuse(res, deps, decision);
  const { frame, jobId, outcome } = decision;
  try {
    await deps.intake.append(Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength));
    // Accepted, ignored or a redelivery: that is known once it is stored, and logged then (intake/outcomes.ts).
    deps.logger.debug({ deliveryId, event, outcome }, "delivery journaled");
    sendJson(res, 202, { delivery: deliveryId, outcome: jobId ? "accepted" : outcome, job: jobId });
  } catch (error) {
    deps.logger.error({ deliveryId, event, err: describeError(error) }, "could not store the delivery");
    sendJson(res, 503, { error: "could not store the delivery; redeliver it later" });
  }
}

/**
 * Answers a refused delivery, logs why and keeps it in the journal with its reason (best effort: a
 * refusal that cannot be kept is still answered). A signature that does not match is worth seeing at
 * once: it is how a mistyped or rotated secret shows.
 */
async function refuse(res: ServerResponse, deps: WebhookDeps, refused: Refusal, close = false): Promise<void> {
  deps.logger.info(
    { status: refused.status, deliveryId: refused.claimed, event: refused.event, reason: refused.error },
    "delivery refused",
  );
  try {
    const { frame } = refused;
    await deps.intake.append(Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength));
  } catch (error) {
    deps.logger.warn({ err: describeError(error) }, "could not keep the refused delivery");
  }
  sendJson(res, refused.status, { error: refused.error }, close);
}
