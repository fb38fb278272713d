import assert from "node:assert/strict";
import { test } from "node:test";
import type { RunRecord } from "../queue/index.ts";
import type { JobView } from "./job-view.ts";
import { renderJob } from "./render.ts";

const run = (attempt: number, usage: Pick<RunRecord, "inputTokens" | "outputTokens" | "costUsd">): RunRecord => ({
  jobId: "j1",
  attempt,
  startedAt: "2026-01-01T00:00:00Z",
  finishedAt: "2026-01-01T00:00:10Z",
  status: "failed",
  error: "the model provider is overloaded",
  errorCode: "model-unavailable",
  retryable: true,
  timings: null,
  verified: null,
  ...usage,
});

const job = (runs: RunRecord[]): JobView => ({
  id: "j1",
  deliveryId: "d1",
  repo: "octo/calc",
  issueNumber: 4,
  title: "Add subtract",
  actor: "alice",
  command: "run",
  installationId: null,
  state: "failed",
  attempts: runs.length,
  createdAt: "2026-01-01T00:00:00Z",
  startedAt: "2026-01-01T00:00:00Z",
  finishedAt: "2026-01-01T00:01:00Z",
  error: null,
  prUrl: null,
  branch: null,
  runs,
});

test("booty job adds up what every attempt spent", () => {
  const text = renderJob(
    job([
      run(1, { inputTokens: 100, outputTokens: 10, costUsd: 0.25 }),
      run(2, { inputTokens: 50, outputTokens: 5, costUsd: 0.5 }),
    ]),
  );
  assert.match(text, /\ncost {5}\$0\.7500 over 2 attempts\n/);
  assert.match(text, /attempt 2: failed in 10\.0s, tokens 50 in \/ 5 out, \$0\.5000\n/);
});

test("a model without a price makes the cost unknown, not zero; no model call, no cost line", () => {
  const text = renderJob(job([run(1, { inputTokens: 100, outputTokens: 10, costUsd: null })]));
  assert.match(text, /\ncost {5}unknown \(a model without a price\)\n/);
  assert.match(text, /tokens 100 in \/ 10 out, cost unknown\n/);
  assert.doesNotMatch(renderJob(job([run(1, { inputTokens: null, outputTokens: null, costUsd: null })])), /cost/);
});
