import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { type Emulator, startGitHubEmulator } from "../support/github-emulator/index.ts";
import { decision, OPS_WITH_SUBTRACT, RENAME_PLAN } from "../support/review-fixtures.ts";
import { type E2eService, SECRET, startE2eService } from "./support/e2e-service.ts";
import { reviewCommentPayload } from "./support/review-webhooks.ts";
import { seedRepo } from "./support/seed.ts";
import { postDelivery, untilJobEnds } from "./support/webhooks.ts";

const HEAD = "booty/issue-1";
const ref = { owner: "octo", repo: "calc" };
const CAP = 1800;

describe("booty serve end to end: a token cap stops a review job between its two model calls", () => {
  let emulator: Emulator;
  let e2e: E2eService;
  let pull = 0;
  let asked = 0;
  let tip = "";

  // The script model has no price: BOOTY_MAX_TOKENS holds it. The review decision (its prompt plus 256
  // output tokens) fits under the cap; the code change would then pass it, and is refused before it is asked.
  before(async () => {
    emulator = await startGitHubEmulator();
    await seedRepo(emulator, "calc");
    emulator.createIssue({ ...ref, title: "Add subtract", body: "We need subtract(a, b).", author: "alice" });
    tip = await emulator.commit({ ...ref, branch: HEAD, files: { "calc/ops.py": OPS_WITH_SUBTRACT } });
    pull = emulator.openPull({ ...ref, head: HEAD, author: "booty-bot", body: "Closes #1" }).number;
    const on = { ...ref, pull, author: "alice", path: "calc/ops.py", line: 6 };
    asked = (await emulator.addReviewComment({ ...on, body: "/booty rename subtract to minus" })).id;
    e2e = await startE2eService(
      { BOOTY_MAX_OUTPUT_TOKENS: "256", BOOTY_MAX_TOKENS: String(CAP) },
      { review: [decision(asked, "change", "Renamed subtract to minus.")], generate: [RENAME_PLAN] },
      emulator,
    );
  });
  after(async () => {
    await e2e?.stop();
    await emulator?.close();
  });

  test("the job fails for good: nothing pushed, no reply, and the pull request says which cap and what was spent", async () => {
    const c = emulator.reviewComments("octo", "calc", pull).find((x) => x.id === asked) ?? assert.fail("no comment");
    const payload = reviewCommentPayload({
      ...ref,
      pull: { number: pull, author: "booty-bot", headRef: HEAD, headSha: c.commitId },
      comment: { ...c, inReplyTo: c.inReplyTo },
    });
    const res = await postDelivery(e2e.service.url ?? "", SECRET, "pull_request_review_comment", payload);
    const job = await untilJobEnds("the review job", () => e2e.service.store.getJob(res.body.job ?? ""), 60_000);
    assert.equal(job.state, "failed");
    assert.equal(job.attempts, 1, "a cost cap is not retried");
    const cap = new RegExp(
      `^token cap ${CAP} \\(environment\\) reached before the generate call, which could use up to \\d+ tokens: cost unknown and (\\d+) tokens spent in 1 call$`,
    );
    const spent = Number(cap.exec(job.error ?? "")?.[1] ?? assert.fail(`unexpected error: ${job.error}`));
    assert.ok(spent > 0 && spent <= CAP, `spent ${spent}`);

    assert.equal((await emulator.branches("octo", "calc"))[HEAD], tip, "nothing pushed");
    assert.equal(emulator.replies("octo", "calc", asked).length, 0, "no reply in the thread");
    const said = emulator.comments("octo", "calc", pull).map((x) => x.body);
    const status = said.find((b) => b.includes(`booty:review-status:${job.id}`)) ?? "";
    assert.match(
      status,
      new RegExp(
        `^booty stopped working on this review \\(job \`${job.id}\`\\): token cap ${CAP} .* Cost: 1 model call, \\d+ tokens in, \\d+ out: cost unknown\\.`,
      ),
    );
    assert.match(status, /- stopped: the job's spending cap was reached/);
    const failed = said.find((b) => b.startsWith("booty could not finish review job")) ?? "";
    assert.match(failed, new RegExp(`${spent} tokens spent in 1 call\\.`));
    assert.match(failed, /raise `BOOTY_MAX_COST_USD` \/ `BOOTY_MAX_TOKENS`.*then comment `\/booty` again/);
  });
});
