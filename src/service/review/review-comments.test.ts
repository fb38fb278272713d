import assert from "node:assert/strict";
import { test } from "node:test";
import type { SettledDecision } from "../../pipeline/review/types.ts";
import type { JobRecord } from "../../queue/index.ts";
import { pushedIn, reviewDoneComment, reviewStartedComment, reviewStoppedComment } from "./review-comments.ts";

const job: JobRecord = {
  ...{ id: "6f1c0a52-0000-4000-8000-000000000002", deliveryId: "d-2", repo: "octo/calc", issueNumber: 4 },
  ...{ title: "t", actor: "alice", command: "review", installationId: null, state: "running", attempts: 1 },
  ...{ createdAt: new Date().toISOString(), startedAt: null, finishedAt: null, error: null, prUrl: null, branch: null },
};
const said = (action: SettledDecision["action"], id: number): SettledDecision => ({
  ...{ id, kind: "thread", action, reply: "r", files: [] },
});
const usage = { calls: [{}, {}, {}] as never[], inputTokens: 900, outputTokens: 80, costUsd: 0.0123 };

test("a pushed review counts what it changed, answered and declined, and says what it cost", () => {
  const decisions = [said("change", 1), said("change", 2), said("answer", 3), said("decline", 4)];
  assert.equal(
    reviewDoneComment(job, { decisions, pushed: "0123456789abcdef0123", usage }),
    `booty pushed 0123456789ab to this pull request: 2 requests changed, 1 answered, 1 declined (job \`${job.id}\`). Cost: 3 model calls, 900 tokens in, 80 out: $0.0123.`,
  );
});

test("a review with nothing to commit says what booty answered and declined", () => {
  assert.match(
    reviewDoneComment(job, { decisions: [said("answer", 1), said("answer", 2), said("decline", 3)], usage }),
    /^booty answered 2 questions and declined 1 request; nothing to commit \(job `[^`]+`\)\. Cost: 3 model calls/,
  );
  assert.match(
    reviewDoneComment(job, { decisions: [said("decline", 1)] }),
    /^booty declined 1 request; nothing to commit \(job `[^`]+`\)\.$/,
  );
});

test("a stopped attempt says why for a person, whether it retries, and keeps a commit it had pushed", () => {
  const error = { message: "GitHub said 502 at /var/lib/booty/work/x", retryable: true, code: "forge" };
  const retry = reviewStoppedComment(job, 1, error, { final: false, pushed: "fedcba9876543210", usage });
  assert.match(retry, /^booty's attempt 1 at this review \(job `[^`]+`\) did not finish: GitHub said 502/);
  assert.match(
    retry,
    /booty had pushed fedcba987654 to this pull request; its replies may be missing\. booty will try again shortly\. Cost: 3 model calls/,
  );
  assert.doesNotMatch(retry, /\/var\/lib/, "no host path");
  const final = reviewStoppedComment(job, 3, { ...error, retryable: false }, { final: true });
  assert.match(final, /^booty stopped working on this review \(job `[^`]+`\): GitHub said 502 at .*\.$/);
  assert.doesNotMatch(final, /try again|Cost/);
});

test("a later attempt reads the commit from booty's own words only, never from the model's summary below them", () => {
  const stopped = reviewStoppedComment(
    job,
    1,
    { message: "502", retryable: true },
    { final: false, pushed: "a".repeat(40) },
  );
  assert.equal(pushedIn(`${stopped}\n\n- localized: \`calc/ops.py\``), "a".repeat(12));
  assert.equal(pushedIn(reviewStartedComment(job, "b".repeat(12))), "b".repeat(12));
  const claim = `${reviewStartedComment(job)}\n\n- analysed: the plan changes \`x\`\n  approach: pushed ${"c".repeat(12)} to this pull request`;
  assert.equal(pushedIn(claim), null);
});
