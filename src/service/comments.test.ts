import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { test } from "node:test";
import { describeError, GitError, isRetryable } from "../errors/index.ts";
import type { JobRecord } from "../queue/index.ts";
import { runGit } from "../workspace/git.ts";
import { makeRepo, tempDir } from "../workspace/test-support.ts";
import { deniedStatusComment, doneComment, failedComment, queuedComment, stoppedComment } from "./comments.ts";

const job: JobRecord = {
  ...{ id: "6f1c0a52-0000-4000-8000-000000000001", deliveryId: "d-1", repo: "octo/calc", issueNumber: 3 },
  ...{ title: "t", actor: "alice", command: "run", installationId: null, state: "failed", attempts: 3 },
  ...{ createdAt: new Date().toISOString(), startedAt: null, finishedAt: null, error: null, prUrl: null, branch: null },
};

function fullDisk(): unknown {
  try {
    writeFileSync("/dev/full", "x"); // the kernel's always-full device: a real ENOSPC
  } catch (error) {
    return error;
  }
  assert.fail("writing /dev/full should fail");
}

test("a full disk, a quota or a descriptor limit is retryable, also when git reports it", async (t) => {
  assert.equal(isRetryable(fullDisk()), true);
  assert.equal(isRetryable(Object.assign(new Error("quota"), { code: "EDQUOT" })), true);
  assert.equal(isRetryable(Object.assign(new Error("open"), { code: "EMFILE" })), true);
  const repo = makeRepo(tempDir(t));
  const say = "!echo 'fatal: unable to write new index file: No space left on device' >&2; exit 128";
  const git = await runGit(["-c", `alias.full=${say}`, "full"], { cwd: repo }).catch((e: unknown) => e);
  assert.ok(git instanceof GitError);
  assert.equal(isRetryable(git), true);
  assert.equal(isRetryable(new GitError("git checkout failed: pathspec 'x' did not match")), false);
});

test("the public comment for a full disk says it is temporary and shows no host path", () => {
  const error = fullDisk();
  const message = `write failed at ${"/var/lib/booty/mirrors/octo+calc.git/objects/pack"}: ${describeError(error)}`;
  for (const body of [
    failedComment(job, { message, retryable: isRetryable(error) }),
    stoppedComment(job, 1, { message, retryable: isRetryable(error) }),
  ]) {
    assert.doesNotMatch(body, /make the issue more specific/);
    assert.doesNotMatch(body, /\/var\/lib|mirrors|\/dev\/full/);
    assert.match(body, /no space left on device/i);
  }
});

test("the status comment says what the model calls cost, and a cost cap says how to allow more", () => {
  const usage = { calls: [{}, {}] as never[], inputTokens: 1200, outputTokens: 300, costUsd: 0.0421 };
  assert.match(
    doneComment(job, { number: 9 }, false, usage),
    /opened a pull request: #9 .* Cost: 2 model calls, 1200 tokens in, 300 out: \$0\.0421\.$/,
  );
  assert.match(doneComment(job, { number: 9 }, false, { ...usage, costUsd: null }), /300 out: cost unknown\.$/);
  const error = { message: "cost cap $0.0500 (environment) reached before the generate call", code: "cost-cap" };
  assert.match(stoppedComment(job, 1, error, { final: true, usage }), /the comment below says why.* \$0\.0421\.$/);
  const failed = failedComment(job, { ...error, retryable: false });
  assert.match(failed, /cost cap \$0\.0500 \(environment\) reached before the generate call\./);
  assert.match(failed, /Nothing was pushed\. To let it spend more, raise `BOOTY_MAX_COST_USD`/);
  assert.doesNotMatch(failed, /make the issue more specific/);
});

test("a queued job denied for lost write access says so in its status comment, keeping the open pull request", () => {
  const queued = queuedComment(job, 2, { number: 9 });
  const denied = deniedStatusComment(job, queued);
  assert.match(
    denied,
    new RegExp(`^booty did not work on this issue \\(job \`${job.id}\`\\): .*@alice does not have it`),
  );
  assert.match(denied, / The pull request #9 from an earlier run is still open\.$/);
  assert.doesNotMatch(denied, /queued/);
  assert.doesNotMatch(deniedStatusComment(job, queuedComment(job, 1)), /pull request/);
});
