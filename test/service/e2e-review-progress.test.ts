import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { type Emulator, startGitHubEmulator } from "../support/github-emulator/index.ts";
import { decision, OPS_WITH_SUBTRACT, RENAME_PLAN } from "../support/review-fixtures.ts";
import { type E2eService, SECRET, startE2eService } from "./support/e2e-service.ts";
import { reviewCommentPayload } from "./support/review-webhooks.ts";
import { seedRepo } from "./support/seed.ts";
import { postDelivery, until, untilJobEnds } from "./support/webhooks.ts";

const HEAD = "booty/issue-1";
const ref = { owner: "octo", repo: "calc" };

describe("a review job's status comment on the pull request, end to end through booty serve", () => {
  let emulator: Emulator;
  let e2e: E2eService;
  let pull = 0;
  const ids = { rename: 0, question: 0, again: 0 };
  const jobs = { renamed: "" };

  before(async () => {
    emulator = await startGitHubEmulator();
    await seedRepo(emulator, "calc");
    emulator.createIssue({ ...ref, title: "Add subtract", body: "We need subtract(a, b).", author: "alice" });
    await emulator.commit({ ...ref, branch: HEAD, files: { "calc/ops.py": OPS_WITH_SUBTRACT } });
    pull = emulator.openPull({ ...ref, head: HEAD, author: "booty-bot", body: "Closes #1" }).number;
    const on = { ...ref, pull, author: "alice", path: "calc/ops.py" };
    ids.rename = (await emulator.addReviewComment({ ...on, line: 6, body: "/booty rename subtract to minus" })).id;
    ids.question = (await emulator.addReviewComment({ ...on, line: 7, body: "/booty does this handle floats?" })).id;
    ids.again = (await emulator.addReviewComment({ ...on, line: 6, body: "/booty call it difference" })).id;
    // The answer starts with `/booty`, as a model quoting the reviewer might write it.
    const answer = "/booty yes: a - b works for floats as well.";
    const review = [
      decision(ids.rename, "change", "Renamed subtract to minus."),
      decision(ids.question, "answer", answer),
      decision(ids.again, "change", "Renamed minus to difference."),
    ];
    const edit = { search: "def minus(a, b):", replace: "def difference(a, b):" };
    const again = { ...RENAME_PLAN, changes: [{ ...RENAME_PLAN.changes[0], edits: [edit] }] };
    // One worker: the second job waits in the queue while the first runs.
    e2e = await startE2eService(
      { BOOTY_WORKER_CONCURRENCY: "1" },
      { review, generate: [RENAME_PLAN, again] },
      emulator,
    );
  });
  after(async () => {
    await e2e?.stop();
    await emulator?.close();
  });

  /** Posts the review comment `id` as GitHub would deliver it; returns the intake's answer. */
  const deliver = (id: number) => {
    const c = emulator.reviewComments("octo", "calc", pull).find((x) => x.id === id) ?? assert.fail(`no comment ${id}`);
    const payload = reviewCommentPayload({
      ...ref,
      pull: { number: pull, author: "booty-bot", headRef: HEAD, headSha: c.commitId },
      comment: { ...c, inReplyTo: c.inReplyTo },
    });
    return postDelivery(e2e.service.url ?? "", SECRET, "pull_request_review_comment", payload);
  };
  const jobEnd = (id: string) => untilJobEnds("the review job", () => e2e.service.store.getJob(id), 60_000);
  /** The successive texts of job `jobId`'s status comment, the only one it has on the pull request. */
  const statusOf = (jobId: string) => {
    const mine = emulator.comments("octo", "calc", pull).filter((c) => c.body.includes(`booty:review-status:${jobId}`));
    assert.equal(mine.length, 1, `one status comment for job ${jobId}`);
    return mine[0]?.history ?? [];
  };

  test("queued, then the steps, then the commit pushed and what it cost, edited in place; a question's answer", async () => {
    const first = (await deliver(ids.rename)).body.job ?? assert.fail("no job");
    jobs.renamed = first;
    await until("the first job to run", async () => (await e2e.service.store.getJob(first))?.state === "running");
    const second = (await deliver(ids.question)).body.job ?? assert.fail("no job");
    assert.equal((await jobEnd(first)).state, "succeeded");
    assert.equal((await jobEnd(second)).state, "succeeded");
    const tip = (await emulator.branches("octo", "calc"))[HEAD] ?? assert.fail("no branch");

    const renamed = statusOf(first);
    const steps = [
      new RegExp(`^booty is working on this review \\(job \`${first}\`, asked by @alice\\)\\.`),
      /- localized: `calc\/ops\.py`/,
      /- analysed: the plan changes `calc\/ops\.py`\n {2}approach: rename subtract to minus/,
      /- editing `calc\/ops\.py`/,
      /- tests round 1: (running|passed)/,
      /- tests round 1: passed\n- pushing the verified change/,
    ];
    const shown = steps.map((re) => renamed.findIndex((body) => re.test(body)));
    assert.ok(
      shown.every((at, i) => at >= 0 && at >= (shown[i - 1] ?? 0)),
      `${JSON.stringify(shown)}\n${renamed.join("\n---\n")}`,
    );
    assert.match(
      renamed.at(-1) ?? "",
      new RegExp(
        `^booty pushed ${tip.slice(0, 12)} to this pull request: 1 request changed, 0 answered, 0 declined ` +
          `\\(job \`${first}\`\\)\\. Cost: 2 model calls, \\d+ tokens in, \\d+ out: cost unknown\\.\n\n- localized`,
      ),
    );
    assert.ok(
      renamed.every((body, i) => i === 0 || body !== renamed[i - 1]),
      "no edit repeats the text already there",
    );
    // The pull request's body: its verification section, now the follow-up's, with what that job cost.
    const body = emulator.pulls("octo", "calc").find((p) => p.number === pull)?.body ?? "";
    assert.match(
      body,
      new RegExp(
        String.raw`^Closes #1\n\n<!-- booty:verification -->\n\*\*Verified:\*\* yes[^]*\n\n_Follow-up ${tip.slice(0, 12)} ` +
          String.raw`\(review job \`${first}\`\)\. Cost: 2 model calls, \d+ tokens in, \d+ out: cost unknown\._\n<!-- /booty:verification -->\n$`,
      ),
    );

    const answered = statusOf(second);
    assert.match(
      answered[0] ?? "",
      new RegExp(`^booty will work on this review \\(job \`${second}\`, asked by @alice\\)\\.\n\n- queued: next`),
    );
    assert.match(
      answered.at(-1) ?? "",
      new RegExp(`^booty answered 1 question; nothing to commit \\(job \`${second}\`\\)\\. Cost: 1 model call, `),
    );
    assert.equal((await emulator.branches("octo", "calc"))[HEAD], tip, "the answer pushed nothing");
  });

  test("booty's own reply in a thread, starting with /booty, is ignored by the intake for its marker", async () => {
    const [reply] = emulator.replies("octo", "calc", ids.question).filter((r) => r.author === "booty-bot");
    assert.match(reply?.body ?? "", /^\/booty yes: a - b works for floats as well\.\n\n<!-- booty:review-reply:/);
    const res = await deliver(reply?.id ?? assert.fail("no reply"));
    assert.match(res.body.outcome ?? "", /^ignored: the comment is booty's own \(it carries booty's marker\)$/);
    assert.equal(res.body.job ?? null, null, "no job");
  });

  test("replies that keep failing after the push: every later attempt's text still names the commit", async () => {
    // Past the client's own retries, on every attempt: the follow-up is pushed, no reply gets through.
    emulator.failNext({ method: "POST", path: /\/comments\/\d+\/replies$/, status: 502, times: 12 });
    const jobId = (await deliver(ids.again)).body.job ?? assert.fail("no job");
    const job = await jobEnd(jobId);
    emulator.clearFaults();
    assert.deepEqual([job.state, job.attempts], ["failed", 3]);
    const sha = ((await emulator.branches("octo", "calc"))[HEAD] ?? assert.fail("no branch")).slice(0, 12);
    const texts = statusOf(jobId);
    const from = texts.findIndex((t) => t.includes(sha));
    assert.ok(from > 0, texts.join("\n---\n"));
    assert.deepEqual(
      texts.slice(from).filter((t) => !t.includes(sha)),
      [],
      "no later text drops the commit, not even a new attempt's start",
    );
    assert.ok(
      texts.some((t) =>
        t.startsWith(
          `booty is working on this review (job \`${jobId}\`, asked by @alice). An earlier attempt pushed ${sha}`,
        ),
      ),
    );
    assert.match(
      texts.at(-1) ?? "",
      new RegExp(
        `^booty stopped working on this review .*: .*booty had pushed ${sha} to this pull request; its replies may be missing\\.`,
      ),
    );
    assert.equal(emulator.replies("octo", "calc", ids.again).length, 0);
  });

  test("a failed review says why in words in its own comment; the earlier job's pushed commit stays said", async () => {
    const on = { ...ref, pull, author: "alice", path: "calc/ops.py" };
    const late = (await emulator.addReviewComment({ ...on, line: 6, body: "/booty add a docstring" })).id;
    const tip = (await emulator.branches("octo", "calc"))[HEAD] ?? assert.fail("no branch");
    execFileSync("git", ["--git-dir", join(emulator.root, "octo/calc.git"), "update-ref", "-d", `refs/heads/${HEAD}`]);
    const jobId = (await deliver(late)).body.job ?? assert.fail("no job");
    const job = await jobEnd(jobId);
    assert.equal(job.state, "failed");
    const failed = statusOf(jobId).at(-1) ?? "";
    assert.match(failed, new RegExp(`^booty stopped working on this review \\(job \`${jobId}\`\\): .*${HEAD}`));
    assert.match(failed, /: nothing to build on\.\n\n- stopped: the pull request cannot be worked on as it stands\n/);
    assert.doesNotMatch(failed, /\/tmp\/|booty-e2e-/, "no host path");
    assert.match(statusOf(jobs.renamed).at(-1) ?? "", /^booty pushed [0-9a-f]{12} to this pull request: 1 request/);
    assert.ok(
      statusOf(jobId).every((t) => !t.includes(tip.slice(0, 12))),
      "this job pushed nothing",
    );
  });
});
