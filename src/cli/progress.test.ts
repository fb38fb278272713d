import assert from "node:assert/strict";
import { test } from "node:test";
import { createProgress } from "./progress.ts";

function feed(records: Record<string, unknown>[], live: boolean, clock: { t: number }) {
  let out = "";
  const progress = createProgress({
    out: { write: (text: string) => (out += text) },
    live,
    now: () => clock.t,
    tickMs: 60_000,
  });
  const screens: string[] = [];
  for (const record of records) {
    if (typeof record.at === "number") clock.t = record.at;
    progress.stream.write(`${JSON.stringify(record)}\n`);
    screens.push(out.slice(out.lastIndexOf("\r\x1b[2K") + 5));
  }
  progress.stop();
  return { out, screens };
}

const RUN = [
  { step: "localize", event: "start", at: 0 },
  { progress: "indexing", files: 1200, at: 100 },
  { step: "localize", event: "done", durationMs: 1500, at: 1500 },
  { step: "generate", event: "start", at: 2000 },
  { progress: "model", step: "generate", attempt: 1, at: 14_000 },
  { progress: "model-answer", inputTokens: 900, outputTokens: 300, at: 15_000 },
  { step: "generate", event: "done", durationMs: 13_000, at: 15_000 },
  { step: "verify", event: "start", at: 15_000 },
  { progress: "tests", round: 2, at: 47_000 },
  { step: "verify", event: "failed", durationMs: 40_000, at: 55_000 },
];

test("on a terminal: one live line with the step, its elapsed time and what it waits for", () => {
  const { out, screens } = feed(RUN, true, { t: 0 });
  assert.equal(screens[1], "… localize 0 s · indexing 1200 files");
  assert.equal(screens[4], "… generate 12 s · waiting for the model");
  assert.equal(screens[5], "… generate 13 s · the model answered (900 tokens in, 300 out)");
  assert.equal(screens[8], "… verify 32 s · running the tests, round 2");
  assert.ok(out.includes("\r\x1b[2K  ✓ localize 1.5 s\n"), "the live line gives way to the finished step");
  assert.match(out, / {2}✓ generate 13\.0 s \(900 tokens in, 300 out\)\n/);
  assert.doesNotMatch(out, /✓ verify/, "a failed step leaves no line: the error says it");
  assert.ok(out.endsWith("\r\x1b[2K"), "stopping clears the live line");
});

test("elsewhere: only a line per finished step, no control characters", () => {
  const { out } = feed(RUN, false, { t: 0 });
  assert.equal(out, "  ✓ localize 1.5 s\n  ✓ generate 13.0 s (900 tokens in, 300 out)\n");
});

test("a streamed answer shows its tokens as they arrive, then the call's real count", () => {
  const { screens } = feed(
    [
      { step: "generate", event: "start", at: 0 },
      { progress: "model", step: "generate", attempt: 1, at: 1000 },
      { progress: "model-streaming", outputTokens: 120, at: 2000 },
      { progress: "model-streaming", outputTokens: 480, at: 3000 },
      { progress: "model-answer", inputTokens: 900, outputTokens: 500, at: 4000 },
    ],
    true,
    { t: 0 },
  );
  assert.deepEqual(screens.slice(2), [
    "… generate 2 s · the model is answering (~120 tokens so far)",
    "… generate 3 s · the model is answering (~480 tokens so far)",
    "… generate 4 s · the model answered (900 tokens in, 500 out)",
  ]);
});
