import assert from "node:assert/strict";
import { test } from "node:test";
import { createLogger } from "../log/logger.ts";
import type { JobRecord } from "../queue/index.ts";
import type { JobRunner, RunContext } from "../queue/runner.ts";
import { runnerByCommand } from "./runner-by-command.ts";

const logger = createLogger({ level: "silent" });
const ctx: RunContext = { logger, signal: new AbortController().signal, attempt: 1, finalAttempt: true, trigger: null };
const job = (command: JobRecord["command"]): JobRecord => ({
  id: "00000000-0000-4000-8000-000000000001",
  deliveryId: "d",
  repo: "o/r",
  issueNumber: 3,
  title: "t",
  actor: "alice",
  command,
  installationId: null,
  state: "running",
  attempts: 1,
  createdAt: "",
  startedAt: null,
  finishedAt: null,
  error: null,
  prUrl: null,
  branch: null,
});

/** A runner that says who it is and notes what it was asked. */
function named(name: string, seen: string[]): JobRunner {
  return {
    run: async (j) => {
      seen.push(`${name} ran ${j.command}`);
      return { status: "succeeded", prUrl: name };
    },
    reportFailure: async (j) => {
      seen.push(`${name} reported ${j.command}`);
    },
  };
}

test("run and retry go to the issue runner, review to the review runner", async () => {
  const seen: string[] = [];
  const runner = runnerByCommand({ issue: named("issue", seen), review: named("review", seen) });
  for (const command of ["run", "retry", "review"] as const) {
    await runner.run(job(command), ctx);
    await runner.reportFailure(job(command), { message: "x" }, { logger });
  }
  assert.deepEqual(seen, [
    "issue ran run",
    "issue reported run",
    "issue ran retry",
    "issue reported retry",
    "review ran review",
    "review reported review",
  ]);
});

test("without a review runner, a review job fails for good and never reaches the issue runner", async () => {
  const seen: string[] = [];
  const runner = runnerByCommand({ issue: named("issue", seen) });
  const outcome = await runner.run(job("review"), ctx);
  await runner.reportFailure(job("review"), { message: "x" }, { logger });
  assert.equal(outcome.status, "failed");
  assert.equal(outcome.error?.retryable, false);
  assert.match(outcome.error?.message ?? "", /no review runner/);
  assert.deepEqual(seen, []);
});
