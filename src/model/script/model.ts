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
import type { Model, ModelMessage, ModelStep, StructuredRequest } from "../port.ts";
import { costOf, type Price } from "../pricing.ts";
import { generateStructured, type RawAnswer } from "../structured.ts";
import { countTokensLocal, estimateTokens } from "../tokens.ts";
import { loadScript, type ScriptFile } from "./load.ts";

/** `price`: none by default (a scripted run costs nothing); tests give one to exercise cost caps. */
export function createScriptModel(path: string, deps: { logger: Logger; price?: Price | null }): Model {
  const script = loadScript(path);
  // Per instance: a fresh model per job starts every list from the top.
  const used: Record<ModelStep, number> = { analyze: 0, reproduce: 0, generate: 0, refine: 0 };
  return {
    id: `script:${path}`,
    scripted: true,
    generate<T>(request: StructuredRequest<T>) {
      const ask = async (messages: ModelMessage[]): Promise<RawAnswer> => {
        if (script.delayMs > 0) await sleep(script.delayMs);
        const answer = nextAnswer(script, request.step, used);
        const text = typeof answer === "string" ? answer : JSON.stringify(answer, null, 2);
        const prompt = [request.system, ...messages.map((m) => m.content)].join("\n\n");
        return {
          text,
          ...(typeof answer === "string" ? {} : { json: { value: answer } }),
          usage: { inputTokens: countTokensLocal(prompt), outputTokens: countTokensLocal(text) },
        };
      };
      return generateStructured(request, ask, deps.logger);
    },
    async countTokens(text: string) {
      return estimateTokens(text);
    },
    costUsd(usage) {
      return costOf(deps.price ?? null, usage);
    },
  };
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
