/**
 * The retry-with-feedback loop for plain-text answers: ask, read the text with the request's parser,
 * and when it is malformed ask once more with the answer and the problem (naming its line) in the
 * conversation. A script model's object answers are checked by the step's schema instead, as before.
 *
 * Exports: `generateParsed(request, ask, logger)`, `MAX_TEXT_ATTEMPTS`.
 */
import type { Logger } from "pino";
import { ModelOutputError } from "../errors/index.ts";
import type { StructuredResult, TextRequest, Usage } from "./port.ts";
import { feedbackMessage } from "./prompts/index.ts";
import { type AskModel, addUsage, parseAnswer } from "./structured.ts";

/** The first answer and one correction: a model that cannot write the format after being shown where it broke it rarely will. */
export const MAX_TEXT_ATTEMPTS = 2;

export async function generateParsed<T>(
  request: TextRequest<T>,
  ask: AskModel,
  logger: Logger,
): Promise<StructuredResult<T>> {
  const messages = [...request.messages];
  const usage: Usage = { inputTokens: 0, outputTokens: 0 };
  let lastError = "";
  for (let attempt = 1; attempt <= MAX_TEXT_ATTEMPTS; attempt++) {
    logger.debug({ progress: "model", step: request.step, attempt }, "asking the model");
    await request.meter?.before({ system: request.system, messages });
    const raw = await ask(messages, attempt);
    request.meter?.after(raw.usage);
    addUsage(usage, raw.usage);
    logger.debug({ progress: "model-answer", ...raw.usage }, "the model answered");
    const parsed = raw.json || raw.asJson ? parseAnswer(raw, request.schema) : request.parse(raw.text);
    if (parsed.ok) return { value: parsed.value, usage, attempts: attempt };
    lastError = parsed.error;
    logger.warn({ step: request.step, attempt, error: lastError }, "model answer is malformed");
    messages.push({ role: "assistant", content: raw.text === "" ? "(empty answer)" : raw.text });
    messages.push({ role: "user", content: feedbackMessage(`it is malformed: ${lastError}`, "text") });
  }
  throw new ModelOutputError(
    `model answer for ${request.step} was malformed ${MAX_TEXT_ATTEMPTS} times: ${lastError}`,
    { where: request.step },
  );
}
