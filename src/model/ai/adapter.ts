/**
 * The Model port over any AI SDK language model. The SDK sends the step's JSON schema in the provider's
 * structured-output mode and parses the JSON; the zod schema check and the retry with feedback are ours
 * (structured.ts), so every provider and the script model behave the same. Plain-text requests (the
 * generate and refine steps) ask for no JSON mode and no tool call, and stream (stream.ts).
 *
 * Exports: `createAiSdkModel(options)`, `AiSdkModelOptions`.
 */
import {
  generateText,
  jsonSchema,
  type LanguageModel,
  type LanguageModelUsage,
  NoObjectGeneratedError,
  Output,
} from "ai";
import type { Logger } from "pino";
import { z } from "zod";
import { InterruptedError } from "../../errors/index.ts";
import type { Model, ModelMessage, StructuredRequest, TextRequest, Usage } from "../port.ts";
import { costOf, type Price } from "../pricing.ts";
import { generateStructured, type RawAnswer } from "../structured.ts";
import { generateParsed } from "../text-answer.ts";
import { toModelUnavailable } from "./errors.ts";
import { streamAnswer } from "./stream.ts";

type ProviderOptions = Parameters<typeof generateText>[0]["providerOptions"];

export interface AiSdkModelOptions {
  id: string;
  languageModel: LanguageModel;
  temperature: number;
  maxOutputTokens: number;
  logger: Logger;
  countTokens: (text: string) => Promise<number>;
  price: Price | null;
  providerOptions?: ProviderOptions;
  /** The SDK's own retries of one call; the job queue retries whole jobs, so keep this low. */
  maxRetries?: number;
  timeoutMs?: number;
  /** A streamed answer that sends nothing for this long has stalled: the call times out (default 2 min). */
  stallMs?: number;
}

export function createAiSdkModel(options: AiSdkModelOptions): Model {
  // The SDK prints warnings to the console by default; ours go to the job's logger instead.
  (globalThis as { AI_SDK_LOG_WARNINGS?: unknown }).AI_SDK_LOG_WARNINGS = false;
  const logger = options.logger.child({ model: options.id });
  return {
    id: options.id,
    scripted: false,
    generate<T>(request: StructuredRequest<T>) {
      // "input" so that fields with defaults are optional for the model, as they are for the schema.
      const schema = jsonSchema(z.toJSONSchema(request.schema, { io: "input", unrepresentable: "any" }));
      const output = Output.object({ schema, name: request.schemaName });
      const ask = async (messages: ModelMessage[]): Promise<RawAnswer> => {
        try {
          const result = await generateText({
            model: options.languageModel,
            system: request.system,
            messages: messages.map((m) => ({ role: m.role, content: m.content })),
            output,
            temperature: options.temperature,
            maxOutputTokens: options.maxOutputTokens,
            maxRetries: options.maxRetries ?? 1,
            timeout: options.timeoutMs ?? 10 * 60_000,
            ...(request.signal ? { abortSignal: request.signal } : {}),
            ...(options.providerOptions ? { providerOptions: options.providerOptions } : {}),
          });
          if ((result.warnings ?? []).length > 0)
            logger.debug({ warnings: result.warnings }, "model provider warnings");
          const usage = usageOf(result.usage);
          const value = readOutput(result);
          if (value === undefined) return { text: result.text, usage };
          return { text: JSON.stringify(value), json: { value }, usage };
        } catch (error) {
          // Not JSON at all: hand the raw text to the loop, which feeds the error back.
          if (NoObjectGeneratedError.isInstance(error)) return { text: error.text ?? "", usage: usageOf(error.usage) };
          throw callFailure(error, request.signal, options.id);
        }
      };
      return generateStructured(request, ask, logger);
    },
    generateText<T>(request: TextRequest<T>) {
      // No output mode: the answer is plain text, so code in it is never escaped.
      const ask = async (messages: ModelMessage[]): Promise<RawAnswer> => {
        try {
          const result = await streamAnswer({
            languageModel: options.languageModel,
            system: request.system,
            messages,
            temperature: options.temperature,
            maxOutputTokens: options.maxOutputTokens,
            maxRetries: options.maxRetries ?? 1,
            timeout: { totalMs: options.timeoutMs ?? 10 * 60_000, chunkMs: options.stallMs ?? 2 * 60_000 },
            signal: request.signal,
            logger,
          });
          return { text: result.text, usage: usageOf(result.usage) };
        } catch (error) {
          throw callFailure(error, request.signal, options.id);
        }
      };
      return generateParsed(request, ask, logger);
    },
    countTokens: options.countTokens,
    costUsd(usage: Usage) {
      return costOf(options.price, usage);
    },
  };
}

// `output` throws when the model stopped without text (e.g. it ran out of output tokens).
function readOutput(result: { output: unknown }): unknown {
  try {
    return result.output;
  } catch {
    return undefined;
  }
}

function usageOf(usage: LanguageModelUsage | undefined): Usage {
  const cacheRead = usage?.inputTokenDetails?.cacheReadTokens;
  const cacheWrite = usage?.inputTokenDetails?.cacheWriteTokens;
  return {
    inputTokens: usage?.inputTokens ?? 0,
    outputTokens: usage?.outputTokens ?? 0,
    ...(cacheRead ? { cacheReadTokens: cacheRead } : {}),
    ...(cacheWrite ? { cacheWriteTokens: cacheWrite } : {}),
  };
}

/** Cut off on purpose (a shutdown) is an interruption; anything else is the provider's failure. */
function callFailure(error: unknown, signal: AbortSignal | undefined, id: string): Error {
  if (signal?.aborted) {
    return new InterruptedError("model call cancelled: booty is shutting down", { where: id, cause: error });
  }
  return toModelUnavailable(error, id);
}
