import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { after, before, describe, test } from "node:test";
import { loadConfig } from "../../src/config/index.ts";
import { createLogger, silentLogger } from "../../src/log/logger.ts";
import { isAmbiguous } from "../../src/service/job-view.ts";
import { openJobsSource } from "../../src/service/jobs-source.ts";
import { createServiceRunner } from "../../src/service/runner-factory.ts";
import { type RunningService, startService } from "../../src/service/service.ts";
import { type Emulator, startGitHubEmulator } from "../support/github-emulator/index.ts";
import { ANALYSIS, PLAN, writeScript } from "../support/pipeline-fixtures.ts";
import { aliceIssue, seedRepo } from "./support/seed.ts";
import { labeledPayload, labelIssue, postDelivery, until, untilJobEnds } from "./support/webhooks.ts";

const SECRET = "e2e-secret";

describe("booty serve end to end against the GitHub emulator", () => {
  let emulator: Emulator;
  let service: RunningService;
  let dir: string;
  let config: ReturnType<typeof loadConfig>;
  const logs: Record<string, unknown>[] = [];

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "booty-e2e-"));
    emulator = await startGitHubEmulator();
    await seedRepo(emulator, "calc");
    emulator.setPermission("octo", "calc", "mallory", "read");
    const script = writeScript(dir, { analyze: ANALYSIS, generate: PLAN });
    config = loadConfig(
      {
        HOME: dir,
        WEBHOOK_SECRET: `old-secret,${SECRET}`,
        GITHUB_TOKEN: emulator.issueToken({ login: "booty-bot" }),
        GITHUB_API_URL: emulator.url,
        BOOTY_HOST: "127.0.0.1",
        BOOTY_PORT: "0",
        BOOTY_SANDBOX: "none",
      },
      { model: `script:${script}`, dataDir: join(dir, "data") },
    );
    const runner = createServiceRunner(config, silentLogger(), { throttle: false, retry: { baseMs: 5 } });
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString().split("\n").filter(Boolean)) logs.push(JSON.parse(line));
        done();
      },
    });
    service = await startService({
      config,
      logger: createLogger({ level: "info", destination }),
      mode: "serve",
      runner,
      pollingIntervalSeconds: 0.5,
      retry: { retryLimit: 2, retryDelay: 1, retryDelayMax: 1 },
    });
  });
  after(async () => {
    await service?.stop();
    await emulator?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Labels the issue `booty` (a signed delivery) and waits for the job it creates to end. */
  async function labelAndWait(repo: string, number: number, title: string, sender: string) {
    const res = await labelIssue(service.url ?? "", SECRET, { repo, number, title, sender });
    const jobId = res.body.job ?? assert.fail("no job id");
    const job = await untilJobEnds("the job to end", () => service.store.getJob(jobId));
    return { job, jobId };
  }

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

  test("a permanent failure ends the job with one failure comment saying why", async () => {
    await emulator.createRepo({ owner: "octo", repo: "empty", files: { "README.md": "# empty\n" } });
    emulator.setPermission("octo", "empty", "alice", "admin");
    const issue = aliceIssue(emulator, "empty", "Add a README", "please");
    const { job } = await labelAndWait("empty", issue.number, "Add a README", "alice");
    assert.equal(job.state, "failed");
    assert.equal(job.attempts, 1, "a permanent failure is not retried");
    // The script's plan edits calc/ops.py, which this repository lacks: a permanent failure.
    assert.match(job.error ?? "", /calc\/ops\.py/, JSON.stringify(job));
    const bodies = emulator.comments("octo", "empty", issue.number).map((c) => c.body);
    assert.equal(bodies.length, 2, bodies.join("\n---\n"));
    assert.match(bodies[1] ?? "", /could not finish job .*calc\/ops\.py[\s\S]*\/booty retry/);
    assert.match(bodies[1] ?? "", /the model asked to change calc\/ops\.py, which does not exist\./);
    assert.doesNotMatch(bodies[1] ?? "", /use create/, "what the model was told is not for the issue");
    assert.match(bodies[0] ?? "", /stopped working on this issue .*the comment below says why/);
    assert.doesNotMatch(bodies[0] ?? "", /calc\/ops\.py/, "the cause is said once, in the failure comment");
    assert.equal(emulator.pulls("octo", "empty").length, 0);
  });

  test("a pull request GitHub refuses leaves no branch behind, and the status comment stops promising one", async () => {
    await seedRepo(emulator, "refused");
    const issue = aliceIssue(emulator, "refused");
    emulator.failNext({
      method: "POST",
      path: "/repos/octo/refused/pulls",
      status: 422,
      times: 1,
      body: { message: "Validation Failed", errors: [{ message: "pull requests are disabled here" }] },
    });
    const { job } = await labelAndWait("refused", issue.number, "Add subtract", "alice");
    assert.equal(job.state, "failed");
    assert.match(job.error ?? "", /pull requests are disabled here/);
    assert.deepEqual(Object.keys(await emulator.branches("octo", "refused")), ["main"], "the pushed branch is gone");
    const bodies = emulator.comments("octo", "refused", issue.number).map((c) => c.body);
    assert.equal(bodies.length, 2, bodies.join("\n---\n"));
    assert.match(bodies[0] ?? "", /stopped working on this issue/);
    assert.doesNotMatch(bodies[0] ?? "", /will follow|disabled/);
    assert.match(bodies[1] ?? "", /could not finish job .*pull requests are disabled here/);
  });

  test("a later run that fails keeps the status comment's link to the open PR, and says why once, for a person", async () => {
    await seedRepo(emulator, "kept");
    const issue = aliceIssue(emulator, "kept");
    const first = await labelAndWait("kept", issue.number, "Add subtract", "alice");
    assert.equal(first.job.state, "succeeded", first.job.error ?? "");
    const [pr] = emulator.pulls("octo", "kept");
    // The line the script's edit looks for changes on main: the next run's edits no longer apply.
    const ops = 'def add(a, b):\n    """Add two numbers."""\n    return b + a\n';
    await emulator.commit({ owner: "octo", repo: "kept", branch: "main", files: { "calc/ops.py": ops } });
    const second = await labelAndWait("kept", issue.number, "Add subtract", "alice");
    assert.equal(second.job.state, "failed");
    const bodies = emulator.comments("octo", "kept", issue.number).map((c) => c.body);
    assert.equal(bodies.length, 2, bodies.join("\n---\n"));
    const [status = "", failure = ""] = bodies;
    assert.match(status, new RegExp(`stopped working on this issue .*pull request #${pr?.number} from an earlier run`));
    assert.match(
      failure,
      /the model's changes did not apply to the files after 3 tries: edit for calc\/ops\.py: the lines to change are not in the file\.\n/,
    );
    assert.equal(bodies.filter((b) => b.includes("lines to change")).length, 1, "the cause is said once");
    assert.doesNotMatch(failure, /search text|closest region|return b \+ a|\.\./, "nothing written for the model");
    assert.equal(emulator.pulls("octo", "kept")[0]?.state, "open");
  });

  test("GitHub answering 502 past the client's own retries fails the attempt as retryable; the next one succeeds", async () => {
    await seedRepo(emulator, "flaky");
    const issue = aliceIssue(emulator, "flaky");
    emulator.failNext({ path: "/repos/octo/flaky/collaborators/alice/permission", status: 502, times: 4 });
    const { job, jobId } = await labelAndWait("flaky", issue.number, "Add subtract", "alice");
    assert.equal(job.state, "succeeded", job.error ?? "");
    assert.equal(job.attempts, 2);
    const runs = await service.store.listRuns(jobId);
    assert.deepEqual(
      runs.map((r) => [r.status, r.retryable]),
      [
        ["failed", true],
        ["succeeded", null],
      ],
    );
    assert.equal(emulator.pulls("octo", "flaky").length, 1);
    assert.equal(
      emulator.comments("octo", "flaky", issue.number).length,
      1,
      "no failure comment for a retried attempt",
    );
  });
});
