import assert from "node:assert/strict";
import { test } from "node:test";
import type { TestRun } from "../verify/index.ts";
import { classifyBaseRun } from "./classify.ts";

const run = (output: string, exitCode: number | null = 1, timedOut = false): TestRun => ({
  passed: exitCode === 0 && !timedOut,
  exitCode,
  timedOut,
  failures: [],
  summary: "",
  output,
  durationMs: 1,
});
const files = ["src/calc.py", "src/__init__.py", "calc/ops.py", "tests/test_calc.py", "package.json"];

test("a missing program, test runner or dependency cannot run, with the line that says so", () => {
  for (const [output, code, reason] of [
    ["sh: 1: vitest: not found\n", 127, "sh: 1: vitest: not found"],
    ["/bin/sh: line 1: cargo: command not found\n", 127, "/bin/sh: line 1: cargo: command not found"],
    ["/usr/bin/python3: No module named pytest\n", 1, "/usr/bin/python3: No module named pytest"],
    ["E   ModuleNotFoundError: No module named 'requests'\n", 2, "E   ModuleNotFoundError: No module named 'requests'"],
    ["Error: Cannot find module 'vitest/config'\nRequire stack:", 1, "Error: Cannot find module 'vitest/config'"],
    ['npm error Missing script: "test"\n', 1, 'npm error Missing script: "test"'],
    [
      'npm error npx canceled due to missing packages and no YES option: ["vitest@4.1.12"]\n',
      1,
      'npm error npx canceled due to missing packages and no YES option: ["vitest@4.1.12"]',
    ],
    [
      "ERROR: usage: pytest [options]\npytest: error: unrecognized arguments: --cov\n",
      4,
      "ERROR: usage: pytest [options]",
    ],
    ["sh: 1: ./run.sh: Permission denied\n", 126, "sh: 1: ./run.sh: Permission denied"],
  ] as const) {
    assert.deepEqual(classifyBaseRun(run(output, code), files), { state: "cannot-run", reason }, output);
  }
});

test("a failure the bug itself causes is a failure, never 'cannot run'", () => {
  for (const output of [
    "E   assert -1 == 5\nFAILED tests/test_calc.py::test_add\n",
    "ModuleNotFoundError: No module named 'calc.missing'\n", // the repository's own module: the bug
    "AssertionError: user not found\n", // a test's message that happens to end in 'not found'
    "Error: Cannot find module './calc.js'\n", // a relative import: the repository's code
  ]) {
    assert.deepEqual(classifyBaseRun(run(output), files), { state: "failures" }, output);
  }
  assert.deepEqual(classifyBaseRun(run("", 0), files), { state: "passes" });
  assert.deepEqual(
    classifyBaseRun(run("still going", null, true), files),
    { state: "failures" },
    "a hang may be the bug",
  );
});

test("exit 126 or 127 without a recognised message still cannot run, with the last line", () => {
  assert.deepEqual(classifyBaseRun(run("starting\nfailed to exec helper\n", 127), files), {
    state: "cannot-run",
    reason: "failed to exec helper",
  });
});
