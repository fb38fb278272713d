/**
 * Resolved review threads end to end through `booty serve` and the GitHub emulator: a resolved thread asks
 * booty nothing (no reply, no commit), an open one does, and a `/booty` reply in a resolved thread does too.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { type Emulator, startGitHubEmulator } from "../support/github-emulator/index.ts";
import { OPS_WITH_SUBTRACT } from "../support/review-fixtures.ts";
import { type E2eService, SECRET, startE2eService } from "./support/e2e-service.ts";
import { reviewCommentPayload } from "./support/review-webhooks.ts";
import { seedRepo } from "./support/seed.ts";
import { postDelivery, untilJobEnds } from "./support/webhooks.ts";

const HEAD = "booty/issue-1";
const where = { owner: "octo", repo: "calc" };
const plan = (approach: string, search: string, replace: string) => ({
  approach,
  testingNotes: "the tests still pass",
  changes: [{ path: "calc/ops.py", operation: "modify", explanation: approach, edits: [{ search, replace }] }],
});
const decide = (id: number, summary: string, reply: string, others: number[] = []) => ({
  summary,
  taskDescription: `In calc/ops.py: ${summary}.`,
  // Decisions on ids the job did not show (here: the resolved thread) must be dropped, not acted on.
  decisions: [id, ...others].map((x) => ({ id: x, action: "change", files: ["calc/ops.py"], reply })),
});

describe("resolved review threads end to end through booty serve and the GitHub emulator", () => {
  let emulator: Emulator;
  let service: E2eService | undefined;
  let pull = 0;
  const ids = { resolved: 0, open: 0, askAgain: 0 };
  const log = () =>
    execFileSync("git", ["--git-dir", join(emulator.root, "octo/calc.git"), "log", "--format=%s", HEAD], {
      encoding: "utf8",
    })
      .trim()
      .split("\n");
  const booty = (commentId: number) =>
    emulator.replies("octo", "calc", commentId).filter((c) => c.author === "booty-bot");
  /** booty's reply for a change: what changed, the commit (the branch's tip now), and the job's marker. */
  const replyFor = async (text: string, job: string) => {
    const tip = (await emulator.branches("octo", "calc"))[HEAD] ?? assert.fail("no branch");
    return `${text} (in ${tip.slice(0, 12)})\n\n<!-- booty:review-reply:${job} -->`;
  };

  before(async () => {
    emulator = await startGitHubEmulator();
    await seedRepo(emulator, "calc");
    emulator.createIssue({ ...where, title: "Add subtract", author: "alice" });
    await emulator.commit({
      ...where,
      branch: HEAD,
      files: { "calc/ops.py": OPS_WITH_SUBTRACT },
      message: "feat: sub",
    });
    pull = emulator.openPull({ ...where, head: HEAD, author: "booty-bot", body: "Closes #1" }).number;
    const on = { ...where, pull, author: "alice", path: "calc/ops.py" };
    ids.resolved = (await emulator.addReviewComment({ ...on, line: 6, body: "/booty rename subtract to minus" })).id;
    await emulator.addReviewComment({ ...where, pull, author: "alice", inReplyTo: ids.resolved, body: "no, keep it" });
    emulator.resolveThread({ ...where, pull, commentId: ids.resolved });
    // No answers: the first job must not ask the model anything.
    service = await startE2eService({}, {}, emulator);
  });
  after(async () => {
    await service?.stop();
    await emulator?.close();
  });

  const ask = async (commentId: number) => {
    const running = service?.service ?? assert.fail("no service");
    const c =
      emulator.reviewComments("octo", "calc", pull).find((x) => x.id === commentId) ?? assert.fail("no comment");
    const payload = reviewCommentPayload({
      ...where,
      pull: { number: pull, title: "Add subtract", author: "booty-bot", headRef: HEAD, headSha: c.commitId },
      comment: c,
    });
    const res = await postDelivery(running.url ?? "", SECRET, "pull_request_review_comment", payload);
    assert.equal(res.body.outcome, "accepted", JSON.stringify(res.body));
    return untilJobEnds("the review job", () => running.store.getJob(res.body.job ?? ""), 60_000);
  };

  test("the /booty in a thread resolved since gets no reply and no commit", async () => {
    const before = log();
    const job = await ask(ids.resolved);
    assert.equal(job.state, "succeeded", job.error ?? "");
    assert.deepEqual(log(), before, "nothing was pushed");
    assert.deepEqual(booty(ids.resolved), [], "no reply in the resolved thread");
    assert.ok(
      service?.logs.some((l) => /already has booty's answer: nothing to do/.test(String(l.msg))),
      "the job saw nothing open",
    );
  });

  test("an open thread beside it gets its commit and reply; the resolved one still nothing", async () => {
    const on = { ...where, pull, author: "alice", path: "calc/ops.py", line: 7 };
    ids.open = (await emulator.addReviewComment({ ...on, body: "/booty add a docstring to subtract" })).id;
    await service?.stop();
    const docstring = plan(
      "Document subtract.",
      "    return a - b\n",
      '    """Subtract b from a."""\n    return a - b\n',
    );
    const rename = plan("Rename subtract to minus.", "def subtract(a, b):", "def minus(a, b):");
    service = await startE2eService(
      {},
      {
        review: [
          decide(ids.open, "document subtract", "Added a docstring.", [ids.resolved]),
          decide(ids.resolved, "rename subtract to minus", "Renamed subtract to minus."),
        ],
        generate: [docstring, rename],
      },
      emulator,
    );
    const job = await ask(ids.open);
    assert.equal(job.state, "succeeded", job.error ?? "");
    const commits = log();
    assert.deepEqual(commits.slice(0, 2), ["fix(review): document subtract", "feat: sub"]);
    const file = execFileSync(
      "git",
      ["--git-dir", join(emulator.root, "octo/calc.git"), "show", `${HEAD}:calc/ops.py`],
      { encoding: "utf8" },
    );
    assert.match(file, /def subtract\(a, b\):\n {4}"""Subtract b from a."""/, "the docstring, and no rename");
    assert.deepEqual(
      booty(ids.open).map((c) => c.body),
      [await replyFor("Added a docstring.", job.id)],
    );
    assert.deepEqual(booty(ids.resolved), [], "the model's decision on the resolved thread was not acted on");
  });

  test("a /booty reply in the resolved thread is a request all the same", async () => {
    ids.askAgain = (
      await emulator.addReviewComment({
        ...where,
        pull,
        author: "alice",
        inReplyTo: ids.resolved,
        body: "/booty on second thought, rename subtract to minus",
      })
    ).id;
    const job = await ask(ids.askAgain);
    assert.equal(job.state, "succeeded", job.error ?? "");
    assert.equal(log()[0], "fix(review): rename subtract to minus");
    assert.deepEqual(
      booty(ids.resolved).map((c) => c.body),
      [await replyFor("Renamed subtract to minus.", job.id)],
    );
  });
});
