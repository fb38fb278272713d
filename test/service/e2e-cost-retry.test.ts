import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Emulator } from "../support/github-emulator/index.ts";
import { type E2eService, startE2eService } from "./support/e2e-service.ts";
import { aliceIssue, seedRepo } from "./support/seed.ts";

describe("booty serve end to end: the caps are per job, not per attempt", () => {
  let e2e: E2eService;
  let emulator: Emulator;

  // The script model has no price, so BOOTY_MAX_TOKENS holds it. The first attempt uses about 1800 tokens
  // (its largest admission is under 2100) and then fails on GitHub, retryably. Counted per attempt, the
  // retry would be admitted again; counted per job, its first call (a prompt of several hundred tokens plus
  // 256 output) would take the job past 2200, so it is refused before it is asked.
  before(async () => {
    e2e = await startE2eService({ BOOTY_MAX_OUTPUT_TOKENS: "256", BOOTY_MAX_TOKENS: "2200" });
    ({ emulator } = e2e);
  });
  after(() => e2e?.stop());

  test("a retry starts from what the first attempt spent, and stops before the call that would pass the cap", async () => {
    await seedRepo(emulator, "retry");
    const issue = aliceIssue(emulator, "retry");
    // Past the client's own retries: the attempt fails as retryable after its model calls.
    emulator.failNext({ method: "POST", path: "/repos/octo/retry/pulls", status: 502, times: 4 });
    const { job, jobId } = await e2e.labelAndWait("retry", issue.number, "Add subtract", "alice");
    assert.equal(job.state, "failed");
    assert.equal(job.attempts, 2, "the cap ends the job on its second attempt");
    const runs = await e2e.service.store.listRuns(jobId);
    const first = (runs[0]?.inputTokens ?? 0) + (runs[0]?.outputTokens ?? 0);
    assert.ok(first > 1000 && first < 2200, `first attempt spent ${first}`);
    assert.deepEqual(
      runs.map((r) => [r.status, r.errorCode, r.retryable]),
      [
        ["failed", "forge", true],
        ["failed", "cost-cap", false],
      ],
    );
    assert.equal(runs[1]?.inputTokens, 0, "the second attempt made no call");
    const cap = new RegExp(
      `^token cap 2200 \\(environment\\) reached before the analyze call, which could use up to \\d+ tokens: cost unknown and ${first} tokens spent by this job in total \\(0 calls in this attempt; cost unknown and ${first} tokens in earlier attempts\\)$`,
    );
    assert.match(job.error ?? "", cap);
    const bodies = emulator.comments("octo", "retry", issue.number).map((c) => c.body);
    assert.match(
      bodies.at(-1) ?? "",
      /could not finish job .*token cap 2200 \(environment\) reached before the analyze call/,
    );
    assert.match(bodies.at(-1) ?? "", new RegExp(`${first} tokens spent by this job in total`));
    assert.equal(emulator.pulls("octo", "retry").length, 0);
    assert.deepEqual(Object.keys(await emulator.branches("octo", "retry")), ["main"], "nothing left pushed");
  });
});
