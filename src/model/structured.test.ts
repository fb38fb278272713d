import assert from "node:assert/strict";
import { test } from "node:test";
import { z } from "zod";
import { ModelOutputError } from "../errors/index.ts";
import { silentLogger } from "../log/logger.ts";
import type { ModelMessage } from "./port.ts";
import { type AskModel, generateStructured } from "./structured.ts";

const Schema = z.object({ name: z.string().min(2), items: z.array(z.object({ n: z.number() })) }).strict();
const request = {
  step: "generate" as const,
  system: "sys",
  messages: [{ role: "user" as const, content: "make it" }],
  schema: Schema,
  schemaName: "Thing",
};

function scripted(texts: string[]): { ask: AskModel; seen: ModelMessage[][] } {
  const seen: ModelMessage[][] = [];
  const ask: AskModel = async (messages, attempt) => {
    seen.push(messages.map((m) => ({ ...m })));
    return { text: texts[attempt - 1] ?? "", usage: { inputTokens: 10 * attempt, outputTokens: attempt } };
  };
  return { ask, seen };
}

test("the first valid answer wins; a fenced JSON answer is accepted", async () => {
  const { ask } = scripted(['```json\n{"name":"ok","items":[]}\n```']);
  const result = await generateStructured(request, ask, silentLogger());
  assert.deepEqual(result, {
    value: { name: "ok", items: [] },
    usage: { inputTokens: 10, outputTokens: 1 },
    attempts: 1,
  });
});

test("each retry shows the bad answer and the error with its path; usage is summed", async () => {
  const { ask, seen } = scripted([
    '{"name":"ok","items":[{"n":"one"}]}',
    "not json",
    '{"name":"ok","items":[{"n":1}]}',
  ]);
  const result = await generateStructured(request, ask, silentLogger());
  assert.equal(result.attempts, 3);
  assert.deepEqual(result.usage, { inputTokens: 60, outputTokens: 6 });
  assert.equal(seen[0]?.length, 1);
  assert.deepEqual(seen[1]?.[1], { role: "assistant", content: '{"name":"ok","items":[{"n":"one"}]}' });
  assert.match(seen[1]?.[2]?.content ?? "", /items\[0\]\.n: Invalid input: expected number/);
  assert.match(seen[2]?.[4]?.content ?? "", /not valid JSON/);
  // The caller's messages are left alone.
  assert.equal(request.messages.length, 1);
});

test("three failures throw ModelOutputError with the last error", async () => {
  const { ask } = scripted(["{}", '{"name":"x","items":[]}', '{"name":"ok","items":[],"extra":1}']);
  await assert.rejects(generateStructured(request, ask, silentLogger()), (error: unknown) => {
    assert.ok(error instanceof ModelOutputError);
    assert.equal(
      error.message,
      'model answer for generate failed the schema 3 times: (top level): Unrecognized key: "extra"',
    );
    return true;
  });
});

test("an empty answer is rejected with a clear error, a provider-parsed value is used as is", async () => {
  let calls = 0;
  const ask: AskModel = async () => {
    calls++;
    return calls === 1
      ? { text: "", usage: { inputTokens: 1, outputTokens: 0 } }
      : { text: "ignored", json: { value: { name: "ok", items: [] } }, usage: { inputTokens: 1, outputTokens: 1 } };
  };
  const result = await generateStructured(request, ask, silentLogger());
  assert.equal(result.attempts, 2);
});

test("errors from the provider are not retried by the loop", async () => {
  let calls = 0;
  const ask: AskModel = async () => {
    calls++;
    throw new Error("boom");
  };
  await assert.rejects(generateStructured(request, ask, silentLogger()), /boom/);
  assert.equal(calls, 1);
});
