/**
 * A wrong fix is not "verified" because its failing tests reach the changed module only through a
 * re-export: found by bench:verify (vague-issue-wrong-function), where the issue named no function.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { makeRepo } from "../../src/workspace/test-support.ts";
import { runScripted } from "../support/pipeline-run.ts";

const REPO = {
  "api.py": "from calc import *  # noqa: F403\n",
  "calc.py": "def add(a, b):\n    return a - b\n\n\ndef mul(a, b):\n    return a * b\n",
  "tests/test_add.py": "from api import add\n\n\ndef test_add():\n    assert add(2, 3) == 5\n",
  ".booty.yml": "test_command: python3 -m pytest -q -p no:cacheprovider\nmax_retries: 0\ntimeout: 60\n",
};
const change = (search: string, replace: string) => ({
  approach: "rewrite the product",
  testingNotes: "the tests",
  changes: [{ path: "calc.py", operation: "modify", explanation: "x", edits: [{ search, replace }] }],
});

test("a test failing at the base that imports the changed module through a re-export must pass for verified", async (t) => {
  const { report } = await runScripted(
    t,
    {
      analyze: {
        summary: "fix the product",
        commitType: "fix",
        taskDescription: "fix the product",
        filesToModify: ["calc.py"],
      },
      generate: change("return a * b", "return b * a"),
    },
    { repo: (dir) => makeRepo(dir, REPO), issue: { title: "Totals are wrong", body: "Sums come out wrong." } },
  );
  assert.equal(report.status, "succeeded", report.error?.message);
  assert.equal(report.verified, false, JSON.stringify(report.verification));
  assert.deepEqual(
    report.verification?.targets?.map((x) => x.id),
    ["tests/test_add.py::test_add"],
  );
  assert.equal(report.pullRequest?.draft, true);
});
