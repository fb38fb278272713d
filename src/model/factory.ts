/**
 * Builds the Model for `--model provider:name` from settings (never from the environment).
 *
 *   anthropic:NAME          needs ANTHROPIC_API_KEY
 *   openai:NAME             needs OPENAI_API_KEY (Responses API)
 *   openai-compatible:NAME  needs BOOTY_MODEL_BASE_URL (Ollama, llama.cpp, vLLM...); key optional
 *   script:PATH             answers from a YAML file (see script/load.ts)
 *
 * settings.baseUrl also redirects anthropic (API root, with or without /v1) and openai (…/v1).
 *
 * Exports: `createModel(settings, deps)`, `ModelDeps`, `MODEL_PROVIDERS`.
 */
import { createAnthropic } from "@ai-sdk/anthropic";
import { createOpenAI } from "@ai-sdk/openai";
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import type { Logger } from "pino";
import type { ModelSettings } from "../config/index.ts";
import { ConfigError } from "../errors/index.ts";
import { createAiSdkModel } from "./ai/adapter.ts";
import { createAnthropicCounter } from "./ai/count-anthropic.ts";
import type { Model } from "./port.ts";
import { priceFor } from "./pricing.ts";
import { createScriptModel } from "./script/model.ts";
import { encodingFor, estimateTokens } from "./tokens.ts";

export const MODEL_PROVIDERS = ["anthropic", "openai", "openai-compatible", "script"] as const;

export interface ModelDeps {
  logger: Logger;
  fetch?: typeof fetch;
  /** The AI SDK's retries of a single call (default 1). */
  maxRetries?: number;
  /** How long a streamed answer may pause between pieces before the call has timed out (default 2 min). */
  stallMs?: number;
}

export function createModel(settings: ModelSettings, deps: ModelDeps): Model {
  const { provider, name } = settings;
  // `--model x:y` or `BOOTY_MODEL=x:y`: named as the user wrote it.
  const spec = settings.from === "BOOTY_MODEL" ? `BOOTY_MODEL=${settings.spec}` : `--model ${settings.spec}`;
  const common = {
    id: `${provider}:${name}`,
    temperature: settings.temperature,
    maxOutputTokens: settings.maxOutputTokens,
    logger: deps.logger,
    ...(deps.maxRetries === undefined ? {} : { maxRetries: deps.maxRetries }),
    ...(deps.stallMs === undefined ? {} : { stallMs: deps.stallMs }),
  };
  const fetchFn = deps.fetch ?? globalThis.fetch;
  const local = (text: string) => Promise.resolve(estimateTokens(text, encodingFor(name)));
  switch (provider) {
    case "script":
      return createScriptModel(name, { logger: deps.logger });
    case "anthropic": {
      const apiKey = requireKey(settings.apiKeys.anthropic, "ANTHROPIC_API_KEY", spec);
      const root = (settings.baseUrl ?? "https://api.anthropic.com").replace(/\/+$/, "").replace(/\/v1$/, "");
      const languageModel = createAnthropic({ apiKey, baseURL: `${root}/v1`, fetch: fetchFn })(name);
      const countTokens = createAnthropicCounter({ root, apiKey, model: name, fetch: fetchFn, logger: deps.logger });
      return createAiSdkModel({ ...common, languageModel, countTokens, price: priceFor(provider, name) });
    }
    case "openai": {
      const apiKey = requireKey(settings.apiKeys.openai, "OPENAI_API_KEY", spec);
      const baseURL = (settings.baseUrl ?? "https://api.openai.com/v1").replace(/\/+$/, "");
      const languageModel = createOpenAI({ apiKey, baseURL, fetch: fetchFn })(name);
      return createAiSdkModel({
        ...common,
        languageModel,
        countTokens: local,
        price: priceFor(provider, name),
        // Strict mode rejects schemas with optional fields; our own zod check is the real gate.
        providerOptions: { openai: { strictJsonSchema: false } },
      });
    }
    case "openai-compatible": {
      if (settings.baseUrl === undefined) {
        throw new ConfigError(
          `BOOTY_MODEL_BASE_URL is not set (environment): ${spec} needs the server's URL; ` +
            "export it, e.g. BOOTY_MODEL_BASE_URL=http://localhost:11434/v1 for Ollama",
          { where: "BOOTY_MODEL_BASE_URL" },
        );
      }
      const languageModel = createOpenAICompatible({
        name: "openai-compatible",
        baseURL: settings.baseUrl.replace(/\/+$/, ""),
        ...(settings.apiKeys.openaiCompatible ? { apiKey: settings.apiKeys.openaiCompatible } : {}),
        fetch: fetchFn,
        includeUsage: true,
        supportsStructuredOutputs: true,
      })(name);
      return createAiSdkModel({ ...common, languageModel, countTokens: local, price: null });
    }
    default:
      throw new ConfigError(
        `unknown model provider '${provider}' (${spec}): expected anthropic, openai, openai-compatible or script`,
        { where: settings.from ?? "--model" },
      );
  }
}

function requireKey(key: string | undefined, variable: string, spec: string): string {
  if (key === undefined || key === "") {
    throw new ConfigError(`${variable} is not set (environment): ${spec} needs it; export ${variable}=...`, {
      where: variable,
    });
  }
  return key;
}
