import assert from "node:assert/strict";
import { test } from "node:test";
import { describeError, ForgeError, GitError, InputError, isRetryable } from "./index.ts";

test("errors carry where and retry meaning, and print on one line", () => {
  const error = new InputError("not a git repository:\n  /tmp/x", { where: "/tmp/x" });
  assert.equal(error.name, "InputError");
  assert.equal(error.oneLine(), "not a git repository: /tmp/x");
  assert.equal(isRetryable(error), false);
  assert.equal(new GitError("push failed", { retryable: true }).retryable, true);
  assert.equal(new ForgeError("boom", { status: 502 }).retryable, true);
  assert.equal(new ForgeError("nope", { status: 422 }).retryable, false);
  assert.equal(isRetryable(Object.assign(new Error("x"), { code: "ECONNRESET" })), true);
  assert.equal(describeError(new Error("a\nb")), "a");
});
