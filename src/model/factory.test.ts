import assert from "node:assert/strict";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { test } from "node:test";
import { z } from "zod";
import type { ModelSettings } from "../config/index.ts";
import { ConfigError, ModelUnavailableError } from "../errors/index.ts";
import { silentLogger } from "../log/logger.ts";
import { createModel } from "./factory.ts";

function settings(spec: string, extra: Partial<ModelSettings> = {}): ModelSettings {
  const colon = spec.indexOf(":");
  return {
    spec,
    provider: spec.slice(0, colon),
    name: spec.slice(colon + 1),
    baseUrl: undefined,
    apiKeys: {},
    temperature: 0,
    maxOutputTokens: 1000,
    maxContextTokens: 100_000,
    ...extra,
  };
}

function configError(message: string) {
  return (error: unknown) => {
    assert.ok(error instanceof ConfigError);
    assert.equal(error.message, message);
    return true;
  };
}

const deps = { logger: silentLogger() };

test("an unknown provider lists the known ones", () => {
  assert.throws(
    () => createModel(settings("gemini:pro"), deps),
    configError(
      "unknown model provider 'gemini' (--model gemini:pro): expected anthropic, openai, openai-compatible or script",
    ),
  );
});

test("a spec from BOOTY_MODEL is blamed on BOOTY_MODEL, not on a flag the user never gave", () => {
  assert.throws(
    () => createModel(settings("gemini:pro", { from: "BOOTY_MODEL" }), deps),
    configError(
      "unknown model provider 'gemini' (BOOTY_MODEL=gemini:pro): expected anthropic, openai, openai-compatible or script",
    ),
  );
  assert.throws(
    () => createModel(settings("openai:gpt-5", { from: "BOOTY_MODEL" }), deps),
    configError(
      "OPENAI_API_KEY is not set (environment): BOOTY_MODEL=openai:gpt-5 needs it; export OPENAI_API_KEY=...",
    ),
  );
});

test("a missing API key names the variable", () => {
  assert.throws(
    () => createModel(settings("anthropic:claude-sonnet-4-5"), deps),
    configError(
      "ANTHROPIC_API_KEY is not set (environment): --model anthropic:claude-sonnet-4-5 needs it; export ANTHROPIC_API_KEY=...",
    ),
  );
  assert.throws(
    () => createModel(settings("openai:gpt-5"), deps),
    configError("OPENAI_API_KEY is not set (environment): --model openai:gpt-5 needs it; export OPENAI_API_KEY=..."),
  );
});

test("openai-compatible needs a base URL but no key", () => {
  assert.throws(() => createModel(settings("openai-compatible:llama3"), deps), /BOOTY_MODEL_BASE_URL is not set/);
  const model = createModel(settings("openai-compatible:llama3", { baseUrl: "http://127.0.0.1:11434/v1" }), deps);
  assert.equal(model.id, "openai-compatible:llama3");
  assert.equal(model.costUsd({ inputTokens: 1000, outputTokens: 1000 }), null);
});

test("hosted models are priced by name or dated snapshot; unknown and newer names have no price", () => {
  const keys = { apiKeys: { anthropic: "k", openai: "k" } };
  const million = { inputTokens: 1_000_000, outputTokens: 1_000_000 };
  assert.equal(createModel(settings("anthropic:claude-sonnet-4-5", keys), deps).costUsd(million), 18);
  assert.equal(createModel(settings("anthropic:claude-haiku-4-5-20251001", keys), deps).costUsd(million), 6);
  assert.equal(createModel(settings("anthropic:claude-opus-4-1", keys), deps).costUsd(million), 90);
  assert.equal(createModel(settings("openai:gpt-4o-mini", keys), deps).costUsd(million), 0.75);
  assert.equal(createModel(settings("openai:gpt-4.1", keys), deps).costUsd(million), 10);
  assert.equal(createModel(settings("openai:gpt-5-mini-2025-08-07", keys), deps).costUsd(million), 2.25);
  assert.equal(createModel(settings("openai:davinci", keys), deps).costUsd(million), null);
  assert.equal(createModel(settings("openai:gpt-5.4", keys), deps).costUsd(million), 17.5, "not gpt-5's price");
  assert.equal(createModel(settings("openai:gpt-5.4-mini", keys), deps).costUsd(million), 5.25);
  assert.equal(createModel(settings("anthropic:claude-opus-4-20250514", keys), deps).costUsd(million), 90);
  assert.equal(createModel(settings("anthropic:claude-opus-4.6", keys), deps).costUsd(million), 30);
  // A model newer than the table is unknown, not its family's price.
  assert.equal(createModel(settings("anthropic:claude-opus-4-9", keys), deps).costUsd(million), null);
  assert.equal(createModel(settings("openai:gpt-5-pro", keys), deps).costUsd(million), null);
});

test("an unreachable provider gives a retryable ModelUnavailableError naming the URL", async () => {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  const model = createModel(settings("openai-compatible:llama3", { baseUrl: `http://127.0.0.1:${port}/v1` }), {
    ...deps,
    maxRetries: 0,
  });
  const request = {
    step: "analyze" as const,
    system: "s",
    messages: [{ role: "user" as const, content: "hi" }],
    schema: z.object({}),
    schemaName: "X",
  };
  await assert.rejects(model.generate(request), (error: unknown) => {
    assert.ok(error instanceof ModelUnavailableError);
    assert.equal(error.retryable, true);
    assert.match(
      error.message,
      new RegExp(`^cannot reach the model provider at http://127.0.0.1:${port}/v1/chat/completions`),
    );
    return true;
  });
});
