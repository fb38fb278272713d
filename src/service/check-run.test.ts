import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { RunReport } from "../pipeline/types.ts";
import { checkOf } from "./check-run.ts";

const base = {
  status: "succeeded",
  branch: "booty/issue-1",
  commit: "a".repeat(40),
  changedFiles: ["calc/ops.py"],
  timings: {},
  pullRequest: null,
  model: "script",
  scripted: true,
  dryRun: false,
} as unknown as RunReport;

const verification = (rounds: { round: number; passed: boolean; failures: string[] }[]) => ({
  command: "python3 -m pytest",
  sandboxed: true,
  rounds: rounds.map((r) => ({ ...r, durationMs: 10 })),
});

describe("booty's check on the commit it pushed", () => {
  test("success only when verified, with the verification summary", () => {
    const check = checkOf(
      { ...base, verified: true, verification: verification([{ round: 1, passed: true, failures: [] }]) },
      "abc",
      [],
      "https://example.test/c",
    );
    assert.deepEqual([check.sha, check.state, check.title], ["abc", "success", "verified: the tests pass (round 1)"]);
    assert.match(check.summary, /^\*\*Verified:\*\* yes — `python3 -m pytest`, 1 round\(s\)/);
    assert.equal(check.detailsUrl, "https://example.test/c");
    assert.equal(check.annotations, undefined);
  });

  test("tests that never ran are neutral; tests that still fail are a failure, pinned where a frame says", () => {
    const none = checkOf({ ...base, verified: false, verification: verification([]) }, "abc", []);
    assert.deepEqual([none.state, none.title], ["neutral", "not verified: the tests did not run"]);
    assert.equal(checkOf({ ...base, verified: null }, "abc", []).state, "neutral", "no verification at all");
    const failing = checkOf(
      {
        ...base,
        verified: false,
        verification: verification([
          { round: 1, passed: false, failures: ["tests/test_ops.py::test_add", "(check) npm run lint"] },
        ]),
      },
      "abc",
      [
        {
          id: "tests/test_ops.py::test_add",
          message: "assert -1 == 3\nat /home/booty/x",
          path: "tests/test_ops.py",
          line: 5,
        },
        { id: "(check) npm run lint", message: "the check failed" },
      ],
    );
    assert.deepEqual(
      [failing.state, failing.title],
      ["failure", "not verified: 2 test(s) still fail after 1 round(s)"],
    );
    assert.deepEqual(failing.annotations, [
      { path: "tests/test_ops.py", line: 5, title: "tests/test_ops.py::test_add", message: "assert -1 == 3 at …/x" },
    ]);
    assert.match(failing.summary, /round 1: failed: `tests\/test_ops\.py::test_add`/);
  });
});
