import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Emulator } from "../support/github-emulator/index.ts";
import { type E2eService, SECRET, startE2eService } from "./support/e2e-service.ts";
import { aliceIssue } from "./support/seed.ts";
import { labelIssue, until, untilJobEnds } from "./support/webhooks.ts";

/** Where each step first shows in a comment's successive bodies (-1 when it never does). */
function firstShown(history: string[], steps: Record<string, RegExp>): Record<string, number> {
  return Object.fromEntries(Object.entries(steps).map(([name, re]) => [name, history.findIndex((b) => re.test(b))]));
}

describe("booty serve end to end: the status comment shows where the job is", () => {
  let e2e: E2eService;
  let emulator: Emulator;

  // One worker, so that jobs asked for while one runs wait in the queue.
  before(async () => {
    e2e = await startE2eService({ BOOTY_WORKER_CONCURRENCY: "1" });
    ({ emulator } = e2e);
  });
  after(() => e2e?.stop());

  test("queued with its position, then localized, analysed, tested and the pull request, in one comment", async () => {
    const { service } = e2e;
    const url = service.url ?? "";
    const [a, b, c] = [aliceIssue(emulator, "calc"), aliceIssue(emulator, "calc"), aliceIssue(emulator, "calc")];
    const jobA = (await labelIssue(url, SECRET, { repo: "calc", number: a.number, title: "Add subtract" })).body.job;
    await until("the first job to run", async () => (await service.store.getJob(jobA ?? ""))?.state === "running");
    const jobB = (await labelIssue(url, SECRET, { repo: "calc", number: b.number, title: "Add subtract" })).body.job;
    const jobC = (await labelIssue(url, SECRET, { repo: "calc", number: c.number, title: "Add subtract" })).body.job;
    for (const id of [jobA, jobB, jobC]) {
      const job = await untilJobEnds("the job to end", () => service.store.getJob(id ?? ""), 120_000);
      assert.equal(job.state, "succeeded", job.error ?? "");
    }
    const history = (n: number) => {
      const comments = emulator.comments("octo", "calc", n);
      assert.equal(comments.length, 1, comments.map((x) => x.body).join("\n---\n"));
      return comments[0]?.history ?? [];
    };
    const [hb, hc] = [history(b.number), history(c.number)];
    assert.match(hb[0] ?? "", new RegExp(`^booty will work on this issue \\(job \`${jobB}\`, asked by @alice\\)`));
    assert.match(hb[0] ?? "", /\n\n- queued: next in the queue/);
    assert.match(hc[0] ?? "", /\n\n- queued: position 2 in the queue/);
    const [pr] = emulator.pulls("octo", "calc").filter((p) => p.head === `booty/issue-${b.number}`);
    const shown = firstShown(hb, {
      queued: /- queued: /,
      localized: /- localized: .*`calc\/ops\.py`/,
      analysed: /- analysed: the plan changes `calc\/ops\.py`\n {2}approach: add a subtract operation/,
      tests: /- tests round 1: (running|passed)/,
      done: new RegExp(`opened a pull request: #${pr?.number}`),
    });
    const order = Object.values(shown);
    assert.ok(!order.includes(-1) && order.every((v, i) => i === 0 || v >= (order[i - 1] ?? 0)), JSON.stringify(shown));
    assert.ok((shown.done ?? 0) > (shown.localized ?? 0), "the steps showed before the pull request did");
    const final = hb.at(-1) ?? "";
    assert.match(final, /- tests round 1: passed\n- pushing the verified change/);
    assert.ok(
      hb.every((body, i) => i === 0 || body !== hb[i - 1]),
      "no edit repeats the text already there",
    );
    assert.ok(hb.length <= 9, `${hb.length} edits for one job`);
  });
});
