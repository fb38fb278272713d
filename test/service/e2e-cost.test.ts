import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Emulator } from "../support/github-emulator/index.ts";
import { type E2eService, startE2eService } from "./support/e2e-service.ts";
import { aliceIssue } from "./support/seed.ts";

describe("booty serve end to end: a token cap stops a job between two model calls", () => {
  let e2e: E2eService;
  let emulator: Emulator;

  // The script model has no price, so BOOTY_MAX_TOKENS is the cap that holds it. Each call may use its
  // prompt plus 256 output tokens: the analysis may use about 900, so 1200 admits it; the generation
  // then could take the job to about 1500 and is refused before it is asked.
  before(async () => {
    e2e = await startE2eService({ BOOTY_MAX_OUTPUT_TOKENS: "256", BOOTY_MAX_TOKENS: "1200" });
    ({ emulator } = e2e);
  });
  after(() => e2e?.stop());

  test("the job fails for good, nothing is pushed, and the comments say which cap and what was spent", async () => {
    const issue = aliceIssue(emulator, "calc");
    const { job } = await e2e.labelAndWait("calc", issue.number, "Add subtract", "alice");
    assert.equal(job.state, "failed");
    assert.equal(job.attempts, 1, "a cost cap is not retried");
    const cap =
      /^token cap 1200 \(environment\) reached before the generate call, which could use up to \d+ tokens: cost unknown and (\d+) tokens spent in 1 call$/;
    const spent = Number(cap.exec(job.error ?? "")?.[1] ?? assert.fail(`unexpected error: ${job.error}`));
    assert.ok(spent > 0 && spent <= 1200, `spent ${spent}`);
    const runs = await e2e.service.store.listRuns(job.id);
    assert.equal(runs[0]?.inputTokens && runs[0].inputTokens + (runs[0].outputTokens ?? 0), spent, "the record agrees");
    assert.equal(runs[0]?.costUsd, null);
    const bodies = emulator.comments("octo", "calc", issue.number).map((c) => c.body);
    assert.equal(bodies.length, 2, bodies.join("\n---\n"));
    assert.match(
      bodies[0] ?? "",
      /stopped working on this issue .*Cost: 1 model call, \d+ tokens in, \d+ out: cost unknown\.\n/,
    );
    assert.match(
      bodies[1] ?? "",
      /could not finish job .*token cap 1200 \(environment\) reached before the generate call/,
    );
    assert.match(bodies[1] ?? "", new RegExp(`${spent} tokens spent in 1 call\\.`));
    assert.match(bodies[1] ?? "", /raise `BOOTY_MAX_COST_USD` \/ `BOOTY_MAX_TOKENS`/);
    assert.equal(emulator.pulls("octo", "calc").length, 0);
    assert.deepEqual(Object.keys(await emulator.branches("octo", "calc")), ["main"], "nothing pushed");
  });
});
