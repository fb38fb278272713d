/**
 * Usage and cost through real AI SDK clients against the stub provider servers (prompt-cache tokens
 * included), and the metering decorator's per-call records and caps over the script model.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { ModelSettings } from "../src/config/index.ts";
import { CostCapError } from "../src/errors/index.ts";
import { silentLogger } from "../src/log/logger.ts";
import { createModel } from "../src/model/factory.ts";
import { withMeter } from "../src/model/metered.ts";
import { IssueAnalysis } from "../src/model/schemas/index.ts";
import { createScriptModel } from "../src/model/script/model.ts";
import { UsageMeter } from "../src/pipeline/steps/usage.ts";
import { tempDir } from "../src/workspace/test-support.ts";
import { ANALYSIS, writeScript } from "./support/pipeline-fixtures.ts";
import {
  type AnthropicStub,
  type StubServer,
  startAnthropicStub,
  startOpenAIStub,
} from "./support/stub-models/index.ts";

const request = {
  step: "analyze" as const,
  system: "You analyse issues.",
  messages: [{ role: "user" as const, content: "Issue #7: dates with offsets are parsed wrong" }],
  schema: IssueAnalysis,
  schemaName: "IssueAnalysis",
};

function settings(spec: string, baseUrl?: string): ModelSettings {
  const colon = spec.indexOf(":");
  return {
    spec,
    provider: spec.slice(0, colon),
    name: spec.slice(colon + 1),
    baseUrl,
    apiKeys: { anthropic: "sk-ant-test-key", openai: "sk-openai-test-key" },
    temperature: 0,
    maxOutputTokens: 2000,
    maxContextTokens: 100_000,
  };
}

const close = (a: number | null, b: number) => assert.ok(a !== null && Math.abs(a - b) < 1e-12, `${a} ≠ ${b}`);
const logger = silentLogger();
let anthropic: AnthropicStub;
let openai: StubServer;
before(async () => {
  anthropic = await startAnthropicStub();
  openai = await startOpenAIStub();
});
after(async () => {
  await anthropic.close();
  await openai.close();
});

describe("usage read from the providers, cache tokens included, priced from the table", () => {
  test("anthropic: cache reads at a tenth of input, 5-minute writes at 1.25x", async () => {
    anthropic.reply({ answer: ANALYSIS, usage: { input: 10_000, output: 500, cacheRead: 6_000, cacheWrite: 2_000 } });
    const model = createModel(settings("anthropic:claude-sonnet-4-5", anthropic.url), { logger, maxRetries: 0 });
    const meter = new UsageMeter();
    const result = await withMeter(model, meter, { maxOutputTokens: 2000, now: () => 0 }).generate(request);
    assert.deepEqual(result.usage, {
      inputTokens: 10_000,
      outputTokens: 500,
      cacheReadTokens: 6_000,
      cacheWriteTokens: 2_000,
    });
    // 2,000 plain at $3, 6,000 read at $0.30, 2,000 written at $3.75, 500 out at $15 (per million).
    const expected = (2_000 * 3 + 6_000 * 0.3 + 2_000 * 3.75 + 500 * 15) / 1e6;
    close(model.costUsd(result.usage), expected);
    const totals = meter.totals(model);
    assert.equal(totals.calls.length, 1);
    assert.deepEqual(
      { ...totals.calls[0], costUsd: 0 },
      {
        step: "analyze",
        inputTokens: 10_000,
        outputTokens: 500,
        cacheReadTokens: 6_000,
        cacheWriteTokens: 2_000,
        ms: 0,
        costUsd: 0,
      },
    );
    close(totals.costUsd, expected);
    assert.equal(totals.cacheReadTokens, 6_000);
  });

  test("openai (Responses API): cached input at the cached rate", async () => {
    openai.reply({ answer: ANALYSIS, usage: { input: 10_000, output: 1_000, cacheRead: 4_000 } });
    const model = createModel(settings("openai:gpt-4.1", `${openai.url}/v1`), { logger, maxRetries: 0 });
    const result = await model.generate(request);
    assert.equal(result.usage.cacheReadTokens, 4_000);
    close(model.costUsd(result.usage), (6_000 * 2 + 4_000 * 0.5 + 1_000 * 8) / 1e6);
  });

  test("openai-compatible (a local server): tokens recorded, cost unknown, no crash", async () => {
    openai.reply({ answer: ANALYSIS, usage: { input: 300, output: 50, cacheRead: 100 } });
    const model = createModel(settings("openai-compatible:qwen3-coder", `${openai.url}/v1`), { logger, maxRetries: 0 });
    const meter = new UsageMeter();
    await withMeter(model, meter, { maxOutputTokens: 2000, now: () => 0 }).generate(request);
    const totals = meter.totals(model);
    assert.equal(totals.inputTokens, 300);
    assert.equal(totals.cacheReadTokens, 100);
    assert.equal(totals.costUsd, null);
    assert.equal(totals.calls[0]?.costUsd, null);
  });
});

describe("caps are checked before each call, schema retries included", () => {
  // Cheap input, dear output: a call's ceiling is about its maximum output, $10,000/M x 256 = $2.56.
  const price = { inputPerMillion: 1, outputPerMillion: 10_000, cacheReadPerMillion: 0.1, cacheWritePerMillion: 1.25 };

  function scripted(t: { after(fn: () => void): void }, answers: unknown[]) {
    const path = writeScript(tempDir(t, "booty-cost-"), { delayMs: 0, analyze: answers });
    return createScriptModel(path, { logger, price });
  }

  test("a schema retry that could pass the cap is refused; what was spent is in the message", async (t) => {
    const model = scripted(t, [{ ...ANALYSIS, commitType: "oops" }, ANALYSIS]);
    const meter = new UsageMeter({ maxCostUsd: 3 });
    const metered = withMeter(model, meter, { maxOutputTokens: 256, now: () => 0 });
    await assert.rejects(metered.generate(request), (error: unknown) => {
      assert.ok(error instanceof CostCapError);
      assert.equal(error.retryable, false);
      assert.match(error.message, /^cost cap \$3\.0000 \(environment\) reached before the analyze call/);
      assert.match(error.message, /spent in 1 call$/);
      assert.doesNotMatch(error.message, /\n/);
      return true;
    });
    assert.equal(meter.calls.length, 1, "the first answer was recorded, the retry never asked");
    assert.ok((meter.calls[0]?.costUsd ?? 0) > 0);
  });

  test("a cap lower than one call stops before the first", async (t) => {
    const meter = new UsageMeter({ maxCostUsd: 1 });
    const metered = withMeter(scripted(t, [ANALYSIS]), meter, { maxOutputTokens: 256, now: () => 0 });
    await assert.rejects(metered.generate(request), CostCapError);
    assert.equal(meter.calls.length, 0);
    assert.equal(meter.totals(metered).costUsd, 0);
  });

  test("a model without a price is held by the token cap alone", async (t) => {
    const path = writeScript(tempDir(t, "booty-cost-"), { delayMs: 0, analyze: [ANALYSIS] });
    const model = createScriptModel(path, { logger });
    const loose = new UsageMeter({ maxCostUsd: 0.0001 });
    const result = await withMeter(model, loose, { maxOutputTokens: 256, now: () => 0 }).generate(request);
    assert.equal(result.value.summary, ANALYSIS.summary, "a cost cap cannot price this model: no refusal");
    assert.equal(loose.totals(model).costUsd, null);
    const again = createScriptModel(path, { logger });
    const tight = new UsageMeter({ maxTokens: 100 });
    await assert.rejects(
      withMeter(again, tight, { maxOutputTokens: 256, now: () => 0 }).generate(request),
      /token cap 100 \(environment\) reached before the analyze call, which could use up to \d+ tokens/,
    );
  });

  test(".booty.yml may lower a cap, never raise it", (t) => {
    const meter = new UsageMeter({ maxCostUsd: 5, maxTokens: 1000 });
    meter.lower({ maxCostUsd: 50, maxTokens: 10 }, ".booty.yml");
    assert.deepEqual(meter.totals(scripted(t, [])).caps, { maxCostUsd: 5, maxTokens: 10 });
    const unset = new UsageMeter();
    unset.lower({ maxCostUsd: 2 }, ".booty.yml");
    assert.deepEqual(unset.totals(scripted(t, [])).caps, { maxCostUsd: 2 });
  });
});
