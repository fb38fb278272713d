/**
 * The retry-with-feedback loop for plain-text answers: ask, read the text with the request's parser,
 * and when it is malformed ask once more with the answer and the problem (naming its line) in the
 * conversation. A script model's object answers are checked by the step's schema instead, as before.
 *
 * Exports: `generateParsed(request, ask, logger)`, `MAX_TEXT_ATTEMPTS`.
 */
import type { Logger } from "pino";
import type { StructuredResult, TextRequest } from "./port.ts";
import { feedbackMessage } from "./prompts/index.ts";
import { type AskModel, askWithFeedback, parseAnswer } from "./structured.ts";

/** The first answer and one correction: a model that cannot write the format after being shown where it broke it rarely will. */
export const MAX_TEXT_ATTEMPTS = 2;

export async function generateParsed<T>(
  request: TextRequest<T>,
  ask: AskModel,
  logger: Logger,
): Promise<StructuredResult<T>> {
  return askWithFeedback(request, ask, logger, {
    maxAttempts: MAX_TEXT_ATTEMPTS,
    parse: (raw) => (raw.json || raw.asJson ? parseAnswer(raw, request.schema) : request.parse(raw.text)),
    problem: "was malformed",
    feedback: (error) => feedbackMessage(`it is malformed: ${error}`, "text"),
  });
}
