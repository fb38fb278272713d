import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { type Emulator, startGitHubEmulator } from "../support/github-emulator/index.ts";
import { ANALYSIS, PLAN } from "../support/pipeline-fixtures.ts";
import { type E2eService, SECRET, startE2eService } from "./support/e2e-service.ts";
import { issueCommentPayload } from "./support/review-webhooks.ts";
import { aliceIssue, seedRepo } from "./support/seed.ts";
import { labeledPayload, postDelivery, until, untilJobEnds } from "./support/webhooks.ts";

/** The script's plan with a change that breaks the existing test: `add` subtracts. */
const BREAKING = {
  ...PLAN,
  changes: [{ ...PLAN.changes[0], edits: [{ search: "    return a + b\n", replace: "    return a - b\n" }] }],
};

const eyes = (emulator: Emulator, target: Parameters<Emulator["reactions"]>[2]) =>
  emulator.reactions("octo", "calc", target).filter((r) => r.content === "eyes");

describe("booty serve with a token: 👀 on what asked, a commit status on what it pushed", () => {
  let e2e: E2eService;
  let emulator: Emulator;

  before(async () => {
    e2e = await startE2eService();
    ({ emulator } = e2e);
  });
  after(() => e2e?.stop());

  test("a labelled issue gets one 👀 however often GitHub delivers it, and the pushed commit a success status", async () => {
    const { service } = e2e;
    const issue = aliceIssue(emulator, "calc");
    const payload = labeledPayload({
      owner: "octo",
      repo: "calc",
      number: issue.number,
      title: "Add subtract",
      sender: "alice",
    });
    const first = await postDelivery(service.url ?? "", SECRET, "issues", payload, "d-eyes-1");
    await until(
      "booty's 👀 on the issue",
      async () => eyes(emulator, { kind: "issue", number: issue.number }).length > 0,
    );
    await postDelivery(service.url ?? "", SECRET, "issues", payload, "d-eyes-1");
    const job = await untilJobEnds("the job to end", () => service.store.getJob(first.body.job ?? ""));
    assert.equal(job.state, "succeeded", job.error ?? "");
    assert.deepEqual(
      eyes(emulator, { kind: "issue", number: issue.number }).map((r) => r.user),
      ["booty-bot"],
      "one reaction, by booty",
    );
    const sha = (await emulator.branches("octo", "calc"))[`booty/issue-${issue.number}`] ?? assert.fail("no branch");
    const statuses = emulator.statuses("octo", "calc", sha);
    assert.equal(statuses.length, 1, JSON.stringify(statuses));
    const [status] = statuses;
    assert.deepEqual(
      [status?.context, status?.state, status?.description],
      ["booty", "success", "verified: the tests pass (round 1)"],
    );
    const [comment] = emulator.comments("octo", "calc", issue.number);
    assert.match(status?.targetUrl ?? "", new RegExp(`#issuecomment-${comment?.id}$`), "it links the status comment");
  });

  test("a /booty comment gets the 👀, not the issue; a reader's /booty gets none", async () => {
    const { service } = e2e;
    const issue = aliceIssue(emulator, "calc");
    const ask = async (author: string) => {
      const { id } = emulator.addIssueComment({
        owner: "octo",
        repo: "calc",
        number: issue.number,
        author,
        body: "/booty",
      });
      const body = issueCommentPayload({
        owner: "octo",
        repo: "calc",
        number: issue.number,
        pullRequest: false,
        title: "Add subtract",
        comment: { id, author, body: "/booty" },
      });
      const res = await postDelivery(service.url ?? "", SECRET, "issue_comment", body);
      const job = await untilJobEnds("the job to end", () => service.store.getJob(res.body.job ?? ""));
      return { id, job };
    };
    const reader = await ask("mallory");
    assert.equal(reader.job.state, "denied");
    const writer = await ask("alice");
    assert.equal(writer.job.state, "succeeded", writer.job.error ?? "");
    assert.deepEqual(
      eyes(emulator, { kind: "issue_comment", id: writer.id }).map((r) => r.user),
      ["booty-bot"],
    );
    assert.deepEqual(eyes(emulator, { kind: "issue_comment", id: reader.id }), [], "booty does not answer a reader");
    assert.deepEqual(eyes(emulator, { kind: "issue", number: issue.number }), [], "the comment asked, not the issue");
  });
});

describe("booty serve as a GitHub App: a check run named booty on what it pushed", () => {
  let e2e: E2eService;
  let emulator: Emulator;

  // The plan breaks the repository's test, so the change is published unverified (a draft).
  before(async () => {
    emulator = await startGitHubEmulator();
    await seedRepo(emulator, "calc");
    emulator.addInstallation({ account: "octo", repos: "all" });
    const privateKey = emulator.app.privateKeyPem ?? assert.fail("the emulator made no App key");
    e2e = await startE2eService(
      { GITHUB_APP_ID: String(emulator.app.id), GITHUB_APP_PRIVATE_KEY: privateKey },
      { analyze: ANALYSIS, generate: BREAKING },
      emulator,
    );
  });
  after(async () => {
    await e2e?.stop();
    await emulator?.close();
  });

  test("tests that still fail: a failed check run with the failing test pinned to its file, linked from the job", async () => {
    const issue = aliceIssue(emulator, "calc");
    const { job, jobId } = await e2e.labelAndWait("calc", issue.number, "Add subtract", "alice");
    assert.equal(job.state, "succeeded", job.error ?? "");
    const bot = `${emulator.app.slug}[bot]`;
    assert.deepEqual(
      eyes(emulator, { kind: "issue", number: issue.number }).map((r) => r.user),
      [bot],
    );
    const [pr] = emulator.pulls("octo", "calc");
    assert.equal(pr?.draft, true, "unverified");
    const sha = (await emulator.branches("octo", "calc"))[`booty/issue-${issue.number}`] ?? assert.fail("no branch");
    const runs = emulator.checkRuns("octo", "calc", sha);
    assert.equal(runs.length, 1, JSON.stringify(runs));
    const [run] = runs;
    assert.deepEqual([run?.name, run?.status, run?.conclusion], ["booty", "completed", "failure"]);
    assert.match(run?.title ?? "", /^not verified: 1 test\(s\) still fail after \d round\(s\)$/);
    assert.match(run?.summary ?? "", /\*\*Verified:\*\* no/);
    const pinned = (run?.annotations ?? []).find((a) => a.path === "tests/test_ops.py");
    assert.ok(pinned, JSON.stringify(run?.annotations));
    assert.equal(pinned.level, "failure");
    assert.ok(pinned.startLine > 0);
    assert.match(pinned.title ?? "", /test_add/);
    assert.equal(emulator.statuses("octo", "calc", sha).length, 0, "an App reports a check run, not a status");
    const [report] = await e2e.service.store.runReports(jobId);
    const check = (report?.report as { check?: { url?: string; state?: string } } | undefined)?.check;
    assert.deepEqual(check, { url: run?.htmlUrl, state: "failure" }, "the dashboard's link");
  });
});
