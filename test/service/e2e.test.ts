import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { isAmbiguous } from "../../src/service/job-view.ts";
import { openJobsSource } from "../../src/service/jobs-source.ts";
import type { RunningService } from "../../src/service/service.ts";
import type { Emulator } from "../support/github-emulator/index.ts";
import { type E2eService, SECRET, startE2eService } from "./support/e2e-service.ts";
import { aliceIssue, seedRepo } from "./support/seed.ts";
import { labeledPayload, labelIssue, postDelivery, until, untilJobEnds } from "./support/webhooks.ts";

describe("booty serve end to end against the GitHub emulator", () => {
  let e2e: E2eService;
  let emulator: Emulator;
  let service: RunningService;
  let config: E2eService["config"];
  let logs: E2eService["logs"];
  let labelAndWait: E2eService["labelAndWait"];

  before(async () => {
    e2e = await startE2eService();
    ({ emulator, service, config, logs, labelAndWait } = e2e);
  });
  after(() => e2e?.stop());

  test("a labelled issue becomes a pushed branch and one open PR, with one start comment", async () => {
    const issue = emulator.createIssue({
      owner: "octo",
      repo: "calc",
      title: "Add subtract",
      body: "We need subtract(a, b).",
      author: "alice",
      labels: ["booty"],
    });
    const payload = labeledPayload({
      owner: "octo",
      repo: "calc",
      number: issue.number,
      title: "Add subtract",
      sender: "alice",
    });
    const first = await postDelivery(service.url ?? "", SECRET, "issues", payload, "delivery-e2e-1");
    assert.equal(first.status, 202);
    assert.equal(first.body.outcome, "accepted");
    const jobId = first.body.job ?? assert.fail("no job id");
    const again = await postDelivery(service.url ?? "", SECRET, "issues", payload, "delivery-e2e-1");
    assert.deepEqual([again.status, again.body.job], [202, jobId], "a redelivery names the same job");

    const job = await untilJobEnds("the job to end", () => service.store.getJob(jobId));
    assert.equal(job.state, "succeeded", job.error ?? "");
    assert.equal((await service.store.listJobs(100)).length, 1, "the redelivery created no second job");
    const pulls = emulator.pulls("octo", "calc");
    assert.equal(pulls.length, 1);
    const [pr] = pulls;
    assert.equal(pr?.head, "booty/issue-1");
    assert.equal(pr?.base, "main");
    assert.equal(pr?.state, "open");
    assert.equal(pr?.title, "feat(calc): add a subtract operation");
    assert.match(pr?.body ?? "", /Closes #1/);
    assert.match(
      pr?.body ?? "",
      /_Cost: 2 model calls, \d+ tokens in, \d+ out: cost unknown\._/,
      "the script model has no price",
    );
    // The sample project's detected pytest runs (CI installs python3-pytest) and passes with the change.
    assert.equal(pr?.draft, false, "verified changes are ready for review");
    assert.ok(pr?.labels.includes("booty"));
    assert.ok((await emulator.branches("octo", "calc"))["booty/issue-1"]);
    // The commit is by the token's own account, under the noreply address GitHub gives that account.
    const ident = execFileSync(
      "git",
      [
        "--git-dir",
        join(emulator.root, "octo/calc.git"),
        "log",
        "-1",
        "--format=%an <%ae>|%cn <%ce>|%B",
        "booty/issue-1",
      ],
      { encoding: "utf8" },
    );
    const [author, committer, message] = ident.split("|");
    assert.match(author ?? "", /^booty-bot <\d+\+booty-bot@users\.noreply\.github\.com>$/);
    assert.equal(committer, author);
    assert.doesNotMatch(message ?? "", /Co-authored-by/);
    assert.equal(job.prUrl?.endsWith(`/pull/${pr?.number}`) ?? false, true, job.prUrl ?? "");
    const comments = emulator.comments("octo", "calc", issue.number);
    assert.equal(comments.length, 1, comments.map((c) => c.body).join("\n---\n"));
    assert.match(comments[0]?.body ?? "", new RegExp(`opened a pull request: #${pr?.number}`));
    assert.match(comments[0]?.body ?? "", /Cost: 2 model calls, \d+ tokens in, \d+ out: cost unknown\./);

    // booty jobs reads through the running server, which holds the embedded database.
    const source = await openJobsSource(config);
    try {
      const listed = await source.list(10);
      assert.equal(listed[0]?.id, jobId);
      // The first 8 characters, as a person copies them from `booty jobs`, are enough.
      const detail = await source.get(jobId.slice(0, 8));
      assert.ok(detail && !isAmbiguous(detail));
      assert.equal(detail.id, jobId);
      assert.equal(detail.runs.length, 1);
      assert.equal(detail.runs[0]?.status, "succeeded");
    } finally {
      await source.close();
    }
  });

  test("every delivery's outcome is logged at info and listed by booty deliveries, redeliveries counted", async () => {
    const url = service.url ?? "";
    const closed = { ...labeledPayload({ owner: "octo", repo: "calc", number: 1, title: "t", sender: "bob" }) };
    const ignored = await postDelivery(url, SECRET, "issues", { ...closed, action: "closed" }, "delivery-closed");
    assert.equal(ignored.status, 202);
    assert.equal((await postDelivery(url, "not-the-secret", "issues", closed, "delivery-forged")).status, 401);
    const logged = (msg: string, id: string) =>
      logs.find((l) => l.msg === msg && l.deliveryId === id) as Record<string, unknown> | undefined;
    await until("the ignored delivery is stored", async () => logged("delivery ignored", "delivery-closed"));
    assert.deepEqual(
      [logged("delivery ignored", "delivery-closed")?.reason, logged("delivery ignored", "delivery-closed")?.level],
      ["issues.closed is not a trigger", 30],
    );
    assert.deepEqual(
      [logged("delivery refused", "delivery-forged")?.reason, logged("delivery refused", "delivery-forged")?.status],
      ["signature does not match", 401],
    );
    // The first test posted delivery-e2e-1 twice: one acceptance and one redelivery, nothing else.
    assert.equal(logs.filter((l) => l.msg === "delivery accepted" && l.deliveryId === "delivery-e2e-1").length, 1);
    assert.ok(logged("redelivery: nothing new to do", "delivery-e2e-1"));

    const source = await openJobsSource(config);
    try {
      const byId = new Map((await source.deliveries(100)).map((d) => [d.id, d]));
      const accepted = byId.get("delivery-e2e-1");
      assert.deepEqual([accepted?.outcome, accepted?.redeliveries, accepted?.sender], ["accepted", 1, "alice"]);
      assert.match(accepted?.jobId ?? "", /^[0-9a-f-]{36}$/);
      assert.deepEqual(
        [byId.get("delivery-closed")?.outcome, byId.get("delivery-closed")?.reason],
        ["ignored", "issues.closed is not a trigger"],
      );
      assert.deepEqual(
        [byId.get("delivery-forged")?.outcome, byId.get("delivery-forged")?.reason],
        ["refused", "signature does not match"],
      );
    } finally {
      await source.close();
    }
  });

  test("asking again after the issue's title was edited updates the same branch and PR", async () => {
    await seedRepo(emulator, "retitled");
    const issue = aliceIssue(emulator, "retitled");
    const first = await labelAndWait("retitled", issue.number, "Add subtract", "alice");
    assert.equal(first.job.state, "succeeded", first.job.error ?? "");
    const second = await labelAndWait("retitled", issue.number, "Add subtract, and say so in the docs", "alice");
    assert.equal(second.job.state, "succeeded", second.job.error ?? "");
    assert.notEqual(second.jobId, first.jobId);
    const pulls = emulator.pulls("octo", "retitled");
    assert.equal(pulls.length, 1, pulls.map((p) => p.head).join(", "));
    assert.deepEqual(Object.keys(await emulator.branches("octo", "retitled")).sort(), [
      `booty/issue-${issue.number}`,
      "main",
    ]);
    assert.equal(second.job.prUrl, first.job.prUrl);
    const pr = pulls[0]?.number;
    const [status] = emulator.comments("octo", "retitled", issue.number).filter((c) => /booty:started/.test(c.body));
    const said = (jobId: string) => (status?.history ?? []).filter((b) => b.includes(jobId)).at(-1) ?? "";
    assert.match(said(first.jobId), new RegExp(`^booty opened a pull request: #${pr} `));
    assert.match(said(second.jobId), new RegExp(`^booty updated the pull request #${pr} \\(job`));
  });

  test("an actor without write permission gets a short comment and no work", async () => {
    const issue = emulator.createIssue({
      owner: "octo",
      repo: "calc",
      title: "Do it",
      body: "please",
      author: "mallory",
    });
    const { job } = await labelAndWait("calc", issue.number, "Do it", "mallory");
    assert.equal(job.state, "denied");
    assert.equal(emulator.pulls("octo", "calc").length, 1, "no new PR");
    const comments = emulator.comments("octo", "calc", issue.number);
    assert.equal(comments.length, 1);
    assert.match(comments[0]?.body ?? "", /write access/);
  });

  test("a maintainer's request made while a denied one is queued still becomes the job", async () => {
    await seedRepo(emulator, "waited");
    emulator.setPermission("octo", "waited", "mallory", "read");
    const issue = aliceIssue(emulator, "waited");
    const url = service.url ?? "";
    const first = await labelIssue(url, SECRET, {
      repo: "waited",
      number: issue.number,
      title: "x",
      sender: "mallory",
    });
    const second = await labelIssue(url, SECRET, { repo: "waited", number: issue.number, title: "y", sender: "alice" });
    const denied = await untilJobEnds("mallory's job", () => service.store.getJob(first.body.job ?? ""));
    assert.equal(denied.state, "denied");
    const job = await untilJobEnds("alice's job", () => service.store.getJob(second.body.job ?? ""));
    assert.equal(job.state, "succeeded", job.error ?? "");
    assert.equal(job.actor, "alice");
    assert.equal(emulator.pulls("octo", "waited").length, 1);
  });
});
