import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { test } from "node:test";

// Lint and type check are part of the test run, so a red `npm test` is the only signal anyone needs.
for (const [name, command, args] of [
  ["biome lint and format", "biome", ["check", "."]],
  ["typescript type check", "tsc", ["--noEmit", "-p", "."]],
] as const) {
  test(name, () => {
    const result = spawnSync(command, args, { encoding: "utf8", stdio: "pipe" });
    assert.equal(result.status, 0, `${command} failed:\n${result.stdout}\n${result.stderr}`);
  });
}
