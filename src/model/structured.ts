/**
 * The one retry-with-feedback loop behind every model adapter: ask, parse the answer as JSON, validate it
 * with the step's zod schema, and on failure ask again with the bad answer and the validation error in
 * the conversation. Adapters only supply `ask`; so a scripted answer and a real model's answer go through
 * exactly the same checks.
 *
 * Exports: `generateStructured(request, ask, logger)`, `askWithFeedback`, `AskModel`, `RawAnswer`,
 * `MAX_ATTEMPTS`, `parseAnswer(raw, schema)`.
 */
import type { Logger } from "pino";
import type { z } from "zod";
import { ModelOutputError } from "../errors/index.ts";
import type { ModelMessage, StructuredRequest, StructuredResult, Usage } from "./port.ts";
import { feedbackMessage } from "./prompts/index.ts";

export const MAX_ATTEMPTS = 3;

export interface RawAnswer {
  /** What the model said, verbatim; shown back to it when it fails the schema. */
  text: string;
  /** Set when the provider already parsed the JSON; otherwise `text` is parsed here. */
  json?: { value: unknown };
  /** For a text request: `text` is JSON to check against the schema, not text for the parser. */
  asJson?: true;
  usage: Usage;
}

/** One call to the model with the conversation so far; `attempt` counts from 1. */
export type AskModel = (messages: ModelMessage[], attempt: number) => Promise<RawAnswer>;

export async function generateStructured<T>(
  request: StructuredRequest<T>,
  ask: AskModel,
  logger: Logger,
): Promise<StructuredResult<T>> {
  return askWithFeedback(request, ask, logger, {
    maxAttempts: MAX_ATTEMPTS,
    parse: (raw) => parseAnswer(raw, request.schema),
    problem: "failed the schema",
    feedback: (error) => feedbackMessage(`it does not match the required JSON schema: ${error}`),
  });
}

/** What differs between the JSON and the plain-text answers: how an answer is read and what is said back. */
export interface FeedbackRules<T> {
  maxAttempts: number;
  parse: (raw: RawAnswer) => ParsedAnswer<T>;
  /** For the log and the final error: "failed the schema", "was malformed". */
  problem: string;
  feedback: (error: string) => string;
}

/** Ask; when the answer cannot be read, show the model its answer and the problem, and ask again. */
export async function askWithFeedback<T>(
  request: Pick<StructuredRequest<T>, "step" | "system" | "messages" | "meter">,
  ask: AskModel,
  logger: Logger,
  rules: FeedbackRules<T>,
): Promise<StructuredResult<T>> {
  const messages = [...request.messages];
  const usage: Usage = { inputTokens: 0, outputTokens: 0 };
  let lastError = "";
  for (let attempt = 1; attempt <= rules.maxAttempts; attempt++) {
    // For the terminal's progress line: what is being waited for, and what it cost.
    logger.debug({ progress: "model", step: request.step, attempt }, "asking the model");
    await request.meter?.before({ system: request.system, messages });
    const raw = await ask(messages, attempt);
    request.meter?.after(raw.usage);
    addUsage(usage, raw.usage);
    logger.debug({ progress: "model-answer", ...raw.usage }, "the model answered");
    const parsed = rules.parse(raw);
    if (parsed.ok) return { value: parsed.value, usage, attempts: attempt };
    lastError = parsed.error;
    logger.warn({ step: request.step, attempt, error: lastError }, `model answer ${rules.problem}`);
    messages.push({ role: "assistant", content: raw.text === "" ? "(empty answer)" : raw.text });
    messages.push({ role: "user", content: rules.feedback(lastError) });
  }
  throw new ModelOutputError(
    `model answer for ${request.step} ${rules.problem} ${rules.maxAttempts} times: ${lastError}`,
    { where: request.step },
  );
}

export function addUsage(sum: Usage, more: Usage): void {
  sum.inputTokens += more.inputTokens;
  sum.outputTokens += more.outputTokens;
  if (more.cacheReadTokens) sum.cacheReadTokens = (sum.cacheReadTokens ?? 0) + more.cacheReadTokens;
  if (more.cacheWriteTokens) sum.cacheWriteTokens = (sum.cacheWriteTokens ?? 0) + more.cacheWriteTokens;
}

export type ParsedAnswer<T> = { ok: true; value: T } | { ok: false; error: string };

export function parseAnswer<T>(raw: RawAnswer, schema: z.ZodType<T>): ParsedAnswer<T> {
  let value: unknown;
  if (raw.json) value = raw.json.value;
  else {
    const text = stripCodeFence(raw.text);
    if (text === "") return { ok: false, error: "the answer was empty; expected one JSON object" };
    try {
      value = JSON.parse(text);
    } catch (error) {
      return { ok: false, error: `the answer is not valid JSON: ${(error as Error).message}` };
    }
  }
  const result = schema.safeParse(value);
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, error: describeIssues(result.error) };
}

/** `changes[0].edits: Invalid input; summary: Too big...` — the path tells the model where to look. */
function describeIssues(error: z.ZodError): string {
  const shown = error.issues.slice(0, 8).map((issue) => {
    const path = issue.path
      .map((part, i) => (typeof part === "number" ? `[${part}]` : i === 0 ? String(part) : `.${String(part)}`))
      .join("");
    return `${path === "" ? "(top level)" : path}: ${issue.message}`;
  });
  const more = error.issues.length > shown.length ? ` (and ${error.issues.length - shown.length} more)` : "";
  return `${shown.join("; ")}${more}`;
}

// Models without a native JSON mode often wrap the object in a markdown code fence.
function stripCodeFence(text: string): string {
  const trimmed = text.trim();
  const fenced = /^```[a-zA-Z]*\n([\s\S]*?)\n?```$/.exec(trimmed);
  return (fenced?.[1] ?? trimmed).trim();
}
