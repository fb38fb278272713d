/**
 * One suite of Model behaviours, run against the script model and against the anthropic, openai and
 * openai-compatible adapters pointed at local stub servers speaking each provider's wire format.
 */
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { after, before, describe, test } from "node:test";
import { pino } from "pino";
import { stringify } from "yaml";
import type { ModelSettings } from "../src/config/index.ts";
import { InterruptedError, ModelOutputError, ModelUnavailableError } from "../src/errors/index.ts";
import { createModel } from "../src/model/factory.ts";
import type { Model } from "../src/model/port.ts";
import { EditsPlan, IssueAnalysis } from "../src/model/schemas/index.ts";
import { parseTextBlocks } from "../src/model/text-blocks/index.ts";
import { encodingFor, estimateTokens } from "../src/model/tokens.ts";
import {
  type AnthropicStub,
  type StubReply,
  type StubServer,
  startAnthropicStub,
  startOpenAIStub,
} from "./support/stub-models/index.ts";

const VALID = { summary: "fix the date parser", commitType: "fix", taskDescription: "Parse ISO dates with offsets." };
const INVALID = { summary: "", commitType: "oops", taskDescription: "x" };

const request = {
  step: "analyze" as const,
  system: "You analyse issues.",
  messages: [{ role: "user" as const, content: "Issue #7: dates with offsets are parsed wrong" }],
  schema: IssueAnalysis,
  schemaName: "IssueAnalysis",
};

const VALID_TEXT = [
  "Approach: add() must add.",
  'Testing: a test that says "2 + 3 == 5".',
  "",
  "src/calc.py",
  "<<<<<<< SEARCH",
  "    return a - b",
  "=======",
  '    return a + b  # "sum"\\n',
  ">>>>>>> REPLACE",
  "",
].join("\n");
const UNCLOSED_TEXT = VALID_TEXT.replace(">>>>>>> REPLACE\n", "");

const textRequest = {
  step: "generate" as const,
  system: "You write code changes as SEARCH/REPLACE blocks.",
  messages: [{ role: "user" as const, content: "Make add() add." }],
  schema: EditsPlan,
  parse: (text: string) => parseTextBlocks(text, { format: "search-replace", exists: (p) => p === "src/calc.py" }),
};

type Answer = { answer: unknown } | { text: string };

interface Target {
  name: string;
  /** A fresh model whose next answers are these (for the script model: the answers of `step`). */
  model(answers: Answer[], step?: "analyze" | "generate", deps?: { stallMs?: number }): Promise<Model>;
  /** The text the adapter sent on each generation call so far (empty for the script model). */
  sent(): string[];
  /** Usage one answer reports, or null when it is counted locally. */
  usagePerAnswer: { input: number; output: number } | null;
  /** The stub server behind a provider target; undefined for the script model. */
  stub(): StubServer | undefined;
}

function capturingLogger(lines: string[]) {
  return pino(
    { level: "warn" },
    new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    }),
  );
}

function settingsFor(spec: string, baseUrl: string | undefined): ModelSettings {
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

let dir = "";
let anthropic: AnthropicStub;
let openai: StubServer;
const logs: string[] = [];
const logger = capturingLogger(logs);

before(async () => {
  dir = await mkdtemp(join(tmpdir(), "booty-model-conf-"));
  anthropic = await startAnthropicStub();
  openai = await startOpenAIStub();
});
after(async () => {
  await anthropic.close();
  await openai.close();
  await rm(dir, { recursive: true, force: true });
});

function stubTarget(name: string, spec: string, stub: () => StubServer, base: (url: string) => string, path: string) {
  const target: Target = {
    name,
    async model(answers, _step, deps = {}) {
      stub().requests.length = 0;
      stub().reply(...(answers as StubReply[]));
      return createModel(settingsFor(spec, base(stub().url)), { logger, maxRetries: 1, ...deps });
    },
    sent: () =>
      stub()
        .requests.filter((r) => r.path === path)
        .map((r) => JSON.stringify(r.body)),
    usagePerAnswer: { input: 120, output: 40 },
    stub,
  };
  return target;
}

let scriptCount = 0;
const targets: Target[] = [
  {
    name: "script",
    async model(answers, step = "analyze") {
      const path = join(dir, `script-${++scriptCount}.yml`);
      // For a text step, {text} is the model's plain text; for a JSON step, a string is raw JSON text.
      const entries = answers.map((a) => ("text" in a ? (step === "generate" ? { text: a.text } : a.text) : a.answer));
      await writeFile(path, stringify({ delayMs: 0, [step]: entries }));
      return createModel(settingsFor(`script:${path}`, undefined), { logger });
    },
    sent: () => [],
    usagePerAnswer: null,
    stub: () => undefined,
  },
  stubTarget(
    "anthropic",
    "anthropic:claude-sonnet-4-5",
    () => anthropic,
    (url) => url,
    "/v1/messages",
  ),
  // Older models get structured output through a forced `json` tool call instead of output_config.
  stubTarget(
    "anthropic json tool",
    "anthropic:claude-3-haiku-20240307",
    () => anthropic,
    (url) => url,
    "/v1/messages",
  ),
  stubTarget(
    "openai",
    "openai:gpt-4.1",
    () => openai,
    (url) => `${url}/v1`,
    "/v1/responses",
  ),
  stubTarget(
    "openai-compatible",
    "openai-compatible:qwen3-coder",
    () => openai,
    (url) => `${url}/v1`,
    "/v1/chat/completions",
  ),
];

for (const target of targets) {
  describe(`Model conformance: ${target.name}`, () => {
    test("a valid answer is parsed and its usage read back", async () => {
      const model = await target.model([{ answer: VALID }]);
      const result = await model.generate(request);
      assert.deepEqual(result.value, {
        ...VALID,
        filesToModify: [],
        filesToCreate: [],
        filesToDelete: [],
        acceptanceCriteria: [],
      });
      assert.equal(result.attempts, 1);
      if (target.usagePerAnswer) assert.deepEqual(result.usage, { inputTokens: 120, outputTokens: 40 });
      else assert.ok(result.usage.inputTokens > 10 && result.usage.outputTokens > 10, JSON.stringify(result.usage));
      assert.equal(model.scripted, target.name === "script");
      // Each provider is asked for structured output in its own way.
      const body = JSON.stringify(target.stub()?.requests.at(-1)?.body ?? {});
      const expected: Record<string, RegExp> = {
        anthropic: /"output_config":\{"format":\{"type":"json_schema"/,
        "anthropic json tool": /"tools":\[\{"name":"json"/,
        openai: /"text":\{"format":\{"type":"json_schema","strict":false,"name":"IssueAnalysis"/,
        "openai-compatible": /"response_format":\{"type":"json_schema"/,
      };
      const pattern = expected[target.name];
      if (pattern) assert.match(body, pattern);
    });

    test("an invalid answer then a valid one succeeds, with the validation error fed back", async () => {
      logs.length = 0;
      const model = await target.model([{ answer: INVALID }, { answer: VALID }]);
      const result = await model.generate(request);
      assert.equal(result.attempts, 2);
      assert.equal(result.value.summary, VALID.summary);
      if (target.usagePerAnswer) assert.deepEqual(result.usage, { inputTokens: 240, outputTokens: 80 });
      assert.match(logs.join(""), /commitType/);
      const sent = target.sent();
      if (target.stub()) {
        assert.equal(sent.length, 2);
        assert.doesNotMatch(sent[0] ?? "", /rejected/);
        // The second call carries the bad answer and the validation error with its path.
        assert.match(sent[1] ?? "", /previous answer was rejected/);
        assert.match(sent[1] ?? "", /commitType: /);
        assert.match(sent[1] ?? "", /oops/);
      }
    });

    test("text that is not JSON counts as an invalid answer", async () => {
      const model = await target.model([{ text: "Sure! Here is the analysis." }, { answer: VALID }]);
      const result = await model.generate(request);
      assert.equal(result.attempts, 2);
    });

    test("three invalid answers end in ModelOutputError naming the step and the error", async () => {
      const model = await target.model([
        { answer: INVALID },
        { answer: INVALID },
        { answer: { ...INVALID, summary: "s" } },
      ]);
      await assert.rejects(model.generate(request), (error: unknown) => {
        assert.ok(error instanceof ModelOutputError);
        assert.match(error.message, /^model answer for analyze failed the schema 3 times: commitType: /);
        assert.equal(error.retryable, false);
        return true;
      });
    });

    test("a plain-text answer is read by the parser, with no JSON mode asked for", async () => {
      const model = await target.model([{ text: VALID_TEXT }], "generate");
      const result = await model.generateText(textRequest);
      assert.equal(result.attempts, 1);
      assert.deepEqual(result.value.changes[0]?.edits, [
        { search: "    return a - b\n", replace: '    return a + b  # "sum"\\n\n' },
      ]);
      assert.equal(result.value.testingNotes, 'a test that says "2 + 3 == 5".');
      const body = JSON.stringify(target.stub()?.requests.at(-1)?.body ?? {});
      assert.doesNotMatch(body, /json_schema|"tools"|output_config/);
      // Streamed, so that a long answer is not one response racing a single timeout.
      if (target.stub()) assert.match(body, /"stream":true/);
    });

    test("a malformed text answer is fed back with its line and fixed on the retry", async () => {
      const model = await target.model([{ text: UNCLOSED_TEXT }, { text: VALID_TEXT }], "generate");
      const result = await model.generateText(textRequest);
      assert.equal(result.attempts, 2);
      assert.equal(result.value.changes[0]?.path, "src/calc.py");
      if (target.stub()) {
        const sent = target.sent();
        assert.equal(sent.length, 2);
        assert.match(
          sent[1] ?? "",
          /previous answer was rejected:\\nit is malformed: line 5: the <<<<<<< SEARCH block for src\/calc\.py is never closed/,
        );
      }
    });

    test("a text answer that stays malformed ends in ModelOutputError after one correction", async () => {
      const model = await target.model([{ text: UNCLOSED_TEXT }, { text: "Approach: none." }], "generate");
      await assert.rejects(model.generateText(textRequest), (error: unknown) => {
        assert.ok(error instanceof ModelOutputError);
        assert.match(
          error.message,
          /^model answer for generate was malformed 2 times: line 1: the answer has no edit blocks/,
        );
        return true;
      });
    });

    test("counts tokens", async () => {
      const model = await target.model([]);
      const text = "function parse(date) { return new Date(date); }\n".repeat(20);
      const count = await model.countTokens(text);
      if (target.name.startsWith("anthropic")) {
        assert.equal(count, 321);
        const hit = anthropic.requests.find((r) => r.path === "/v1/messages/count_tokens");
        assert.equal(hit?.headers["x-api-key"], "sk-ant-test-key");
        assert.deepEqual(hit?.body.messages, [{ role: "user", content: text }]);
      } else {
        const name = target.name === "script" ? "" : target.name === "openai" ? "gpt-4.1" : "qwen3-coder";
        assert.equal(count, estimateTokens(text, encodingFor(name)));
      }
    });

    if (target.name !== "script") {
      test("an overloaded provider gives a retryable ModelUnavailableError", async () => {
        const status = target.name.startsWith("anthropic") ? 529 : 503;
        const outage = { status, retryAfterMs: 1 } as const;
        const model = await target.model([]);
        target.stub()?.reply(outage, outage);
        await assert.rejects(model.generate(request), (error: unknown) => {
          assert.ok(error instanceof ModelUnavailableError);
          assert.equal(error.retryable, true);
          assert.match(error.message, new RegExp(`answered ${status} at http://127\\.0\\.0\\.1`));
          assert.doesNotMatch(error.message, /\n/);
          return true;
        });
        assert.equal(target.sent().length, 2, "the SDK retries once, then gives up");
      });

      test("a request whose signal is aborted (a shutdown) ends at once, not when the provider answers", async () => {
        const model = await target.model([]);
        target.stub()?.reply({ hang: true });
        const stop = new AbortController();
        const asked = model.generate({ ...request, signal: stop.signal });
        await until(() => target.sent().length === 1);
        stop.abort();
        await assert.rejects(asked, (error: unknown) => error instanceof InterruptedError && error.retryable);
        assert.equal(target.sent().length, 1, "not retried");
      });

      test("a streamed text request fails like any other: overloaded is retryable, a rejected key is not", async () => {
        const status = target.name.startsWith("anthropic") ? 529 : 503;
        const model = await target.model([]);
        target
          .stub()
          ?.reply({ status, retryAfterMs: 1 }, { status, retryAfterMs: 1 }, { status: 401, message: "bad key" });
        await assert.rejects(model.generateText(textRequest), (error: unknown) => {
          assert.ok(error instanceof ModelUnavailableError, String(error));
          assert.equal(error.retryable, true);
          assert.match(error.message, new RegExp(`answered ${status} at http://127\\.0\\.0\\.1`));
          return true;
        });
        await assert.rejects(model.generateText(textRequest), (error: unknown) => {
          assert.ok(error instanceof ModelUnavailableError, String(error));
          assert.equal(error.retryable, false);
          assert.match(error.message, /answered 401 .*bad key/);
          return true;
        });
      });

      test("a streamed text request whose signal is aborted ends at once as an interruption", async () => {
        const model = await target.model([]);
        target.stub()?.reply({ hang: true });
        const stop = new AbortController();
        const asked = model.generateText({ ...textRequest, signal: stop.signal });
        await until(() => target.sent().length === 1);
        stop.abort();
        await assert.rejects(asked, (error: unknown) => error instanceof InterruptedError && error.retryable);
        assert.equal(target.sent().length, 1, "not retried");
      });

      test("a streamed answer that stalls part-way times out as a retryable failure instead of waiting for ever", async () => {
        const stalled = { text: "<<<<<<< SEARCH\nsome text that never ends", stall: true } as const;
        const model = await target.model([], "generate", { stallMs: 300 });
        target.stub()?.reply(stalled);
        await assert.rejects(model.generateText(textRequest), (error: unknown) => {
          assert.ok(error instanceof ModelUnavailableError, String(error));
          assert.equal(error.retryable, true);
          assert.match(error.message, /timed out/);
          return true;
        });
      });

      test("a rejected key gives a permanent ModelUnavailableError", async () => {
        const model = await target.model([]);
        target.stub()?.reply({ status: 401, message: "invalid x-api-key" });
        await assert.rejects(model.generate(request), (error: unknown) => {
          assert.ok(error instanceof ModelUnavailableError);
          assert.equal(error.retryable, false);
          assert.match(error.message, /answered 401 .*invalid x-api-key/);
          return true;
        });
        assert.equal(target.sent().length, 1);
      });
    }
  });
}

test("anthropic countTokens falls back to the local estimate when the endpoint fails", async () => {
  anthropic.countTokens = { status: 500 };
  try {
    const model = createModel(settingsFor("anthropic:claude-sonnet-4-5", anthropic.url), { logger });
    const text = "const answer = 42;\n".repeat(10);
    assert.equal(await model.countTokens(text), estimateTokens(text));
  } finally {
    anthropic.countTokens = { tokens: 321 };
  }
});

async function until(done: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !done(); i++) await new Promise((r) => setTimeout(r, 10));
  assert.ok(done(), "timed out");
}
