import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { describe, test } from "node:test";
import { answerScript, HEAD, pullOnRemote, reviewScripted, threadComment } from "../support/review-fixtures.ts";

const remoteTip = (remote: string) =>
  execFileSync("git", ["--git-dir", remote, "rev-parse", HEAD], { encoding: "utf8" }).trim();

describe("the review job's limits", () => {
  test("a thread of 500 comments is clipped to the token budget, newest kept, and answered", async (t) => {
    const remote = pullOnRemote(t);
    const root = threadComment("alice", "/booty is this right?");
    const replies = Array.from({ length: 499 }, (_, i) =>
      threadComment(i % 2 ? "alice" : "bob", `reply ${i}: ${"and another thought ".repeat(30)}`, {
        inReplyTo: root.id,
      }),
    );
    const script = answerScript(root.id, "Yes, it is right.", "answer the long thread");
    const env = { BOOTY_MAX_CONTEXT_TOKENS: "8000", BOOTY_MAX_OUTPUT_TOKENS: "1000" };
    const report = await reviewScripted({ remote, script, comments: [root, ...replies], env });
    assert.equal(report.status, "succeeded", report.error?.message);
    assert.deepEqual(
      report.decisions.map((d) => [d.id, d.action]),
      [[root.id, "answer"]],
    );
    const [call] = report.usage.calls;
    assert.equal(call?.step, "review");
    assert.ok((call?.inputTokens ?? Infinity) <= 7000, `the review prompt took ${call?.inputTokens} tokens`);
  });

  test("a change that fails the tests is not pushed, and the run says so", async (t) => {
    const remote = pullOnRemote(t, {
      ".booty.yml": "test_command: python3 -m pytest -q -p no:cacheprovider\nmax_retries: 0\n",
    });
    const ask = threadComment("alice", "/booty multiply instead");
    const script = {
      review: {
        summary: "multiply instead of adding",
        taskDescription: "In calc/ops.py make add multiply.",
        decisions: [{ id: ask.id, action: "change", files: ["calc/ops.py"], reply: "add now multiplies." }],
      },
      generate: {
        approach: "Multiply.",
        testingNotes: "none",
        changes: [
          {
            path: "calc/ops.py",
            operation: "modify",
            explanation: "multiply",
            edits: [{ search: "    return a + b\n", replace: "    return a * b\n" }],
          },
        ],
      },
    };
    const report = await reviewScripted({ remote, script, comments: [ask] });
    assert.equal(report.status, "failed");
    assert.equal(report.error?.code, "unverified", report.error?.message);
    assert.match(report.error?.message ?? "", /fails the tests .*test_add.*nothing was pushed/);
    assert.equal(report.pushed, undefined);
    assert.equal(remoteTip(remote.remote), remote.head, "the branch is as it was");
  });
});
