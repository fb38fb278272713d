/**
 * booty said "queued", and the job ended before its work began: the asker lost write access meanwhile,
 * or the pull request could not be read. The status comment must end saying why, not stay at "queued".
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { loadConfig } from "../../src/config/index.ts";
import { silentLogger } from "../../src/log/logger.ts";
import { createServiceRunner } from "../../src/service/runner-factory.ts";
import { startService } from "../../src/service/service.ts";
import { type Emulator, startGitHubEmulator } from "../support/github-emulator/index.ts";
import { ANALYSIS, PLAN, writeScript } from "../support/pipeline-fixtures.ts";
import { OPS_WITH_SUBTRACT } from "../support/review-fixtures.ts";
import { steppingClock } from "../support/stepping-clock.ts";
import { reviewCommentPayload } from "./support/review-webhooks.ts";
import { seedRepo } from "./support/seed.ts";
import { labelIssue, postDelivery, until, untilJobEnds } from "./support/webhooks.ts";

const SECRET = "lost-access-secret";
const ref = { owner: "octo", repo: "calc" };
const HEAD = "booty/issue-1";

describe("a job that ends before its work begins: its queued status comment says why", () => {
  let emulator: Emulator;
  let dir = "";
  let config: ReturnType<typeof loadConfig>;

  before(async () => {
    emulator = await startGitHubEmulator();
    await seedRepo(emulator, "calc");
    dir = mkdtempSync(join(tmpdir(), "booty-lost-access-"));
    const script = writeScript(dir, { analyze: ANALYSIS, generate: PLAN });
    config = loadConfig(
      {
        HOME: dir,
        WEBHOOK_SECRET: SECRET,
        GITHUB_TOKEN: emulator.issueToken({ login: "booty-bot" }),
        GITHUB_API_URL: emulator.url,
        BOOTY_HOST: "127.0.0.1",
        BOOTY_PORT: "0",
        BOOTY_SANDBOX: "none",
      },
      { model: `script:${script}`, dataDir: join(dir, "data") },
    );
  });
  after(async () => {
    await emulator?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /**
   * The intake alone (no worker) takes `deliver`'s request and says "queued"; then `meanwhile` runs, and
   * a worker, started on the same queue, runs the job to its end.
   */
  async function queueThenRun(
    deliver: (url: string) => Promise<{ body: { job?: string | null } }>,
    queued: () => boolean,
    meanwhile: () => void,
  ) {
    const tuning = { throttle: false, retry: { baseMs: 5 }, clock: steppingClock() };
    const runner = createServiceRunner(config, silentLogger(), tuning);
    const logger = silentLogger();
    const intake = await startService({ config, logger, mode: "intake", runner, acknowledge: runner.acknowledge });
    let jobId = "";
    try {
      jobId = (await deliver(intake.url ?? "")).body.job ?? assert.fail("no job");
      await until("the queued comment", async () => queued());
    } finally {
      await intake.stop();
    }
    meanwhile();
    const worker = await startService({ config, logger, mode: "worker", runner, pollingIntervalSeconds: 0.5 });
    try {
      return await untilJobEnds("the job", () => worker.store.getJob(jobId), 60_000);
    } finally {
      await worker.stop();
    }
  }

  /** booty's pull request, and alice's `/booty` review comment on it as GitHub delivers it. */
  async function reviewAsked(head: string) {
    await emulator.commit({ ...ref, branch: head, files: { "calc/ops.py": OPS_WITH_SUBTRACT } });
    const pull = emulator.openPull({ ...ref, head, author: "booty-bot", body: "Closes #1" }).number;
    const on = { ...ref, pull, author: "alice", path: "calc/ops.py", line: 6 };
    const c = await emulator.addReviewComment({ ...on, body: "/booty rename subtract to minus" });
    const payload = reviewCommentPayload({
      ...ref,
      pull: { number: pull, author: "booty-bot", headRef: head, headSha: c.commitId },
      comment: { ...c, inReplyTo: c.inReplyTo },
    });
    const statuses = () => emulator.comments("octo", "calc", pull).filter((x) => /booty:review-status:/.test(x.body));
    const deliver = (url: string) => postDelivery(url, SECRET, "pull_request_review_comment", payload);
    return { pull, comment: c, statuses, deliver };
  }

  test("a review job whose asker lost write access: the status comment ends with the refusal, in words", async () => {
    const { pull, comment: c, statuses, deliver } = await reviewAsked(HEAD);
    const job = await queueThenRun(
      deliver,
      () => statuses().length > 0,
      () => emulator.setPermission("octo", "calc", "alice", "read"),
    );
    emulator.setPermission("octo", "calc", "alice", "write");
    assert.equal(job.state, "denied", job.error ?? "");
    const comments = emulator.comments("octo", "calc", pull);
    assert.equal(comments.length, 1, comments.map((x) => x.body).join("\n---\n"));
    const history = statuses()[0]?.history ?? [];
    assert.match(history[0] ?? "", /^booty will work on this review .*\n\n- queued: next/);
    assert.match(
      history.at(-1) ?? "",
      /^booty did not act on this review: it only works for people with write access to this repository, and @alice does not have it\./,
    );
    assert.doesNotMatch(history.at(-1) ?? "", /queued/);
    assert.equal(emulator.replies("octo", "calc", c.id).length, 0, "no reply in the thread");
  });

  test("a review job that cannot read its pull request: the status comment says it stopped, and why", async () => {
    const { pull, statuses, deliver } = await reviewAsked("booty/issue-7");
    const job = await queueThenRun(
      deliver,
      () => statuses().length > 0,
      () => emulator.failNext({ method: "GET", path: `/repos/octo/calc/pulls/${pull}`, status: 404, times: 5 }),
    );
    emulator.clearFaults();
    assert.equal(job.state, "failed", job.error ?? "");
    const history = statuses()[0]?.history ?? [];
    assert.match(history[0] ?? "", /^booty will work on this review .*\n\n- queued: next/);
    assert.match(
      history.at(-1) ?? "",
      new RegExp(`^booty stopped working on this review \\(job \`${job.id}\`\\): GitHub GET .* failed .*404`),
    );
    assert.doesNotMatch(history.at(-1) ?? "", /queued/);
  });

  test("an issue job whose asker lost write access: the issue's status comment stops saying queued", async () => {
    const pulls = emulator.pulls("octo", "calc").length;
    const issue = emulator.createIssue({ ...ref, title: "Add divide", body: "divide(a, b)", author: "alice" });
    const started = () => emulator.comments("octo", "calc", issue.number).filter((x) => /booty:started/.test(x.body));
    const job = await queueThenRun(
      (url) => labelIssue(url, SECRET, { repo: "calc", number: issue.number, title: "Add divide", sender: "alice" }),
      () => started().length > 0,
      () => emulator.setPermission("octo", "calc", "alice", "read"),
    );
    emulator.setPermission("octo", "calc", "alice", "write");
    assert.equal(job.state, "denied", job.error ?? "");
    const comments = emulator.comments("octo", "calc", issue.number);
    assert.equal(comments.length, 1, comments.map((x) => x.body).join("\n---\n"));
    const history = started()[0]?.history ?? [];
    assert.match(history[0] ?? "", /^booty will work on this issue .*\n\n- queued: next/);
    assert.match(
      history.at(-1) ?? "",
      new RegExp(`^booty did not work on this issue \\(job \`${job.id}\`\\): .*@alice does not have it`),
    );
    assert.equal(emulator.pulls("octo", "calc").length, pulls, "no pull request for the issue");
  });
});
