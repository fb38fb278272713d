/**
 * The `script` model: answers each step from a YAML file (see load.ts) instead of a provider, for tests
 * and `booty demo`. Answers pass through the same schema check and retry-with-feedback loop as a real
 * model's, and usage is counted with the local tokenizer so reports show realistic numbers.
 *
 * Exports: `createScriptModel(path, deps)`.
 */
import { setTimeout as sleep } from "node:timers/promises";
import type { Logger } from "pino";
import { ModelOutputError } from "../../errors/index.ts";
import type { Model, ModelMessage, ModelStep, StructuredRequest, TextRequest } from "../port.ts";
import { costOf, type Price } from "../pricing.ts";
import { generateStructured, type RawAnswer } from "../structured.ts";
import { generateParsed } from "../text-answer.ts";
import { countTokensLocal, estimateTokens } from "../tokens.ts";
import { loadScript, type ScriptFile } from "./load.ts";

/** `price`: none by default (a scripted run costs nothing); tests give one to exercise cost caps. */
export function createScriptModel(path: string, deps: { logger: Logger; price?: Price | null }): Model {
  const script = loadScript(path);
  // Per instance: a fresh model per job starts every list from the top.
  const used: Record<ModelStep, number> = { analyze: 0, reproduce: 0, review: 0, generate: 0, refine: 0 };
  return {
    id: `script:${path}`,
    scripted: true,
    generate<T>(request: StructuredRequest<T>) {
      return generateStructured(request, asker(script, request, used, "json"), deps.logger);
    },
    generateText<T>(request: TextRequest<T>) {
      return generateParsed(request, asker(script, request, used, "text"), deps.logger);
    },
    async countTokens(text: string) {
      return estimateTokens(text);
    },
    costUsd(usage) {
      return costOf(deps.price ?? null, usage);
    },
  };
}

/**
 * Each call takes the step's next answer. An object is a parsed answer and a string raw JSON text (e.g.
 * broken JSON), both checked by the schema; for a text request, `{text: ...}` is the model's plain text
 * and goes through the request's real parser.
 */
function asker(
  script: ScriptFile,
  request: Pick<StructuredRequest<unknown>, "step" | "system">,
  used: Record<ModelStep, number>,
  kind: "json" | "text",
) {
  return async (messages: ModelMessage[]): Promise<RawAnswer> => {
    if (script.delayMs > 0) await sleep(script.delayMs);
    const answer = nextAnswer(script, request.step, used);
    const prompt = [request.system, ...messages.map((m) => m.content)].join("\n\n");
    const plain = kind === "text" ? plainText(answer) : undefined;
    const text = plain ?? (typeof answer === "string" ? answer : JSON.stringify(answer, null, 2));
    const usage = { inputTokens: countTokensLocal(prompt), outputTokens: countTokensLocal(text) };
    if (plain !== undefined) return { text, usage };
    if (typeof answer === "string") return { text, usage, asJson: true };
    return { text, json: { value: answer }, usage };
  };
}

function plainText(answer: unknown): string | undefined {
  if (typeof answer !== "object" || answer === null || Array.isArray(answer)) return undefined;
  const keys = Object.keys(answer);
  const text = (answer as { text?: unknown }).text;
  return keys.length === 1 && typeof text === "string" ? text : undefined;
}

/** A string answer stands for raw model text (e.g. broken JSON); anything else for a parsed object. */
function nextAnswer(script: ScriptFile, step: ModelStep, used: Record<ModelStep, number>): unknown {
  const entry = script.steps[step];
  if (entry?.reuse) {
    used[step]++;
    return entry.answer;
  }
  const answers = entry?.answers ?? [];
  const answer = answers[used[step]];
  if (used[step] >= answers.length) {
    throw new ModelOutputError(`script ${script.path} has no answer left for step '${step}' (used ${used[step]})`, {
      where: script.path,
    });
  }
  used[step]++;
  return answer;
}
