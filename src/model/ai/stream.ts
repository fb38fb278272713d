/**
 * A plain-text model call that streams: the answer arrives in pieces, so a long answer is not one
 * response that must finish within a single timeout, and the progress line can show it growing.
 * Provider errors reach `onError` rather than the awaited text; they are thrown from here as if the
 * call itself had failed.
 *
 * Exports: `streamAnswer(options)`.
 */
import { type LanguageModel, type LanguageModelUsage, streamText } from "ai";
import type { Logger } from "pino";
import type { ModelMessage } from "../port.ts";

export interface StreamOptions {
  languageModel: LanguageModel;
  system: string;
  messages: ModelMessage[];
  temperature: number;
  maxOutputTokens: number;
  maxRetries: number;
  /** The whole answer's limit, and the longest pause between two of its pieces. */
  timeout: { totalMs: number; chunkMs: number };
  signal: AbortSignal | undefined;
  logger: Logger;
}

/** Progress is logged at most this often while text arrives. */
const PROGRESS_EVERY_MS = 500;

export async function streamAnswer(options: StreamOptions): Promise<{ text: string; usage: LanguageModelUsage }> {
  let failure: { error: unknown } | undefined;
  const result = streamText({
    model: options.languageModel,
    system: options.system,
    messages: options.messages.map((m) => ({ role: m.role, content: m.content })),
    temperature: options.temperature,
    maxOutputTokens: options.maxOutputTokens,
    maxRetries: options.maxRetries,
    timeout: options.timeout,
    ...(options.signal ? { abortSignal: options.signal } : {}),
    onError: ({ error }) => {
      failure ??= { error };
    },
  });
  let chars = 0;
  let shown = Date.now();
  for await (const piece of result.textStream) {
    chars += piece.length;
    if (Date.now() - shown >= PROGRESS_EVERY_MS) {
      shown = Date.now();
      // About four characters a token: what the terminal shows while the answer grows.
      options.logger.debug(
        { progress: "model-streaming", outputTokens: Math.round(chars / 4) },
        "receiving the answer",
      );
    }
  }
  if (failure) throw failure.error;
  return { text: await result.text, usage: await result.usage };
}
