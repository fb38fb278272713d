import assert from "node:assert/strict";
import { test } from "node:test";
import { InterruptedError, isRetryable } from "../../errors/index.ts";
import { silentLogger } from "../../log/logger.ts";
import { createStepRunner } from "./step-runner.ts";

test("once the run is aborted, no further step starts, and the run can be tried again", async () => {
  const abort = new AbortController();
  const steps = createStepRunner(silentLogger(), () => performance.now(), abort.signal);
  const ran: string[] = [];
  await steps.run("analyze", async () => {
    ran.push("analyze");
    abort.abort();
  });
  const error = await steps.run("generate", async () => ran.push("generate")).catch((e: unknown) => e);
  assert.deepEqual(ran, ["analyze"]);
  assert.ok(error instanceof InterruptedError);
  assert.match(error.message, /stopped before generate/);
  assert.equal(isRetryable(error), true);
  assert.deepEqual(Object.keys(steps.timings), ["analyze"]);
});
