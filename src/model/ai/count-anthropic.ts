/**
 * Anthropic's token count endpoint (POST /v1/messages/count_tokens). The AI SDK has no call for it, so
 * this is a plain fetch; any failure falls back to the local estimate, because a count is advisory.
 *
 * Exports: `createAnthropicCounter(options)`.
 */
import type { Logger } from "pino";
import { z } from "zod";
import { estimateTokens } from "../tokens.ts";

const CountReply = z.object({ input_tokens: z.number().int().nonnegative() });

export interface AnthropicCounterOptions {
  /** API root without /v1, e.g. https://api.anthropic.com. */
  root: string;
  apiKey: string;
  model: string;
  fetch: typeof fetch;
  logger: Logger;
  timeoutMs?: number;
}

export function createAnthropicCounter(options: AnthropicCounterOptions): (text: string) => Promise<number> {
  const url = `${options.root}/v1/messages/count_tokens`;
  return async (text) => {
    try {
      const response = await options.fetch(url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-api-key": options.apiKey,
          "anthropic-version": "2023-06-01",
        },
        body: JSON.stringify({ model: options.model, messages: [{ role: "user", content: text }] }),
        signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
      });
      if (!response.ok) throw new Error(`status ${response.status}`);
      return CountReply.parse(await response.json()).input_tokens;
    } catch (error) {
      options.logger.debug({ url, error: (error as Error).message }, "token count endpoint failed; counting locally");
      return estimateTokens(text);
    }
  };
}
