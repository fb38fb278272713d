/**
 * For a bug, booty first writes a test that reproduces it, runs it at the base in the real sandbox (it must
 * fail), then verifies the fix against it and commits it with the fix.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { git, makeRepo } from "../../src/workspace/test-support.ts";
import { runScripted } from "../support/pipeline-run.ts";

const REPO = {
  "src/__init__.py": "",
  "src/calc.py": "def add(a, b):\n    return a - b\n",
  "tests/__init__.py": "",
  "tests/test_other.py": "def test_truth():\n    assert True\n",
};
const BUG = {
  summary: "make add() add",
  commitType: "fix",
  taskDescription: "add(2, 3) returns -1.",
  filesToModify: ["src/calc.py"],
  kind: "bug",
};
const FIX = {
  approach: "Use + in add().",
  testingNotes: "the reproduction test",
  changes: [
    {
      path: "src/calc.py",
      operation: "modify",
      explanation: "operator",
      edits: [{ search: "return a - b", replace: "return a + b" }],
    },
  ],
};
const reproduce = (path: string, body: string) => ({
  path,
  content: `from src.calc import add\n\n\ndef test_reproduces():\n    ${body}\n`,
  explanation: "add(2, 3) must be 5",
});
const FAILS = reproduce("tests/test_add_bug.py", "assert add(2, 3) == 5");
const PASSES = reproduce("tests/test_add_ok.py", "assert add(3, 3) == 0");
const repo =
  (yaml = "") =>
  (dir: string) =>
    makeRepo(dir, {
      ...REPO,
      ".booty.yml": `test_command: python3 -m pytest -q -p no:cacheprovider\ntimeout: 60\n${yaml}`,
    });

test("a bug gets a test that fails at the base, the fix makes it pass, and it is committed with the fix", async (t) => {
  const { report, repo: dir } = await runScripted(
    t,
    { analyze: BUG, reproduce: FAILS, generate: FIX },
    { repo: repo() },
  );
  assert.equal(report.status, "succeeded", report.error?.message);
  assert.equal(report.verified, true);
  assert.deepEqual(report.verification?.reproduction, {
    path: "tests/test_add_bug.py",
    atBase: report.verification?.reproduction?.atBase,
    passes: true,
  });
  assert.match(report.verification?.reproduction?.atBase ?? "", /assert -1 == 5/);
  assert.match(report.pullRequest?.body ?? "", /reproduced: `tests\/test_add_bug\.py` failing at the base → passing/);
  assert.ok(report.changedFiles.includes("tests/test_add_bug.py"));
  assert.match(git(dir, "show", "booty/issue-7:tests/test_add_bug.py"), /def test_reproduces/);
});

test("a fix that leaves the reproduction failing is not verified", async (t) => {
  const wrong = {
    ...FIX,
    changes: [{ ...FIX.changes[0], edits: [{ search: "return a - b", replace: "return a * b" }] }],
  };
  const { report } = await runScripted(
    t,
    { analyze: BUG, reproduce: FAILS, generate: wrong },
    { repo: repo("max_retries: 0\n") },
  );
  assert.equal(report.verified, false);
  assert.equal(report.verification?.reproduction?.passes, false);
  assert.match(report.pullRequest?.body ?? "", /failing at the base → still failing/);
});

test("a test that passes at the base is shown to the model once more, then booty goes on without it", async (t) => {
  const { report, repo: dir } = await runScripted(
    t,
    { analyze: BUG, reproduce: [PASSES, FAILS], generate: FIX },
    { repo: repo() },
  );
  assert.equal(report.verification?.reproduction?.path, "tests/test_add_bug.py", "the second answer reproduces it");
  assert.throws(() => git(dir, "show", "booty/issue-7:tests/test_add_ok.py"), "the first one is not kept");

  const without = await runScripted(t, { analyze: BUG, reproduce: [PASSES, PASSES], generate: FIX }, { repo: repo() });
  assert.equal(without.report.status, "succeeded", without.report.error?.message);
  assert.equal(without.report.verification?.reproduction, undefined);
  assert.match(without.report.verification?.note ?? "", /the tests the model wrote passed at the base commit/);
  assert.equal(without.report.verified, true, "the fix is still verified by the repository's own tests");
});

test("a reproduction test aimed at a restricted path or outside the repository is refused; the run goes on", async (t) => {
  for (const path of [".github/workflows/x.py", "../outside.py"]) {
    const { report } = await runScripted(
      t,
      { analyze: BUG, reproduce: reproduce(path, "assert add(2, 3) == 5"), generate: FIX },
      { repo: repo() },
    );
    assert.equal(report.status, "succeeded", report.error?.message);
    assert.equal(report.verification?.reproduction, undefined);
    assert.match(report.verification?.note ?? "", /no reproduction test: /);
    assert.ok(!report.changedFiles.some((f) => f.includes("outside") || f.startsWith(".github")));
  }
});

test("reproduction: discard verifies against the test but does not commit it; off asks for none", async (t) => {
  const { report } = await runScripted(
    t,
    { analyze: BUG, reproduce: FAILS, generate: FIX },
    { repo: repo("reproduction: discard\n") },
  );
  assert.equal(report.verification?.reproduction?.passes, true);
  assert.deepEqual(report.changedFiles, ["src/calc.py"]);
  // No reproduce answer in the script: asking for one would fail the step.
  const off = await runScripted(t, { analyze: BUG, generate: FIX }, { repo: repo("reproduction: off\n") });
  assert.equal(off.report.status, "succeeded", off.report.error?.message);
  assert.equal(off.report.timings.reproduce, undefined);
});
