import assert from "node:assert/strict";
import { test } from "node:test";
import { ModelUnavailableError, PolicyError, toJobError } from "./index.ts";

test("toJobError keeps a booty error's code and retry meaning, on one line", () => {
  assert.deepEqual(toJobError(new PolicyError("path refused:\n .git/config")), {
    message: "path refused: .git/config",
    code: "policy",
    retryable: false,
  });
  assert.deepEqual(toJobError(new ModelUnavailableError("overloaded")), {
    message: "overloaded",
    code: "model-unavailable",
    retryable: true,
  });
});

test("toJobError gives other errors no code, and survives values that are not errors", () => {
  const reset = Object.assign(new Error("socket hang up"), { code: "ECONNRESET" });
  assert.deepEqual(toJobError(reset), { message: "socket hang up", retryable: true });
  assert.deepEqual(toJobError(undefined), { message: "undefined", retryable: false });
  assert.deepEqual(toJobError(null), { message: "null", retryable: false });
});
