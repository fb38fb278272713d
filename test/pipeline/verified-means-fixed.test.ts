/**
 * "Verified" means the issue's own failing test passes now: the whole pipeline, real bubblewrap, real
 * pytest and python, the script model. Each case was a false verdict before the verdict was made explicit.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { git, makeRepo } from "../../src/workspace/test-support.ts";
import { runScripted } from "../support/pipeline-run.ts";

const BUGGY = "def add(a, b):\n    return a - b\n";
const REPO = {
  "src/__init__.py": "",
  "src/calc.py": BUGGY,
  "tests/__init__.py": "",
  "tests/test_calc.py": "from src.calc import add\n\n\ndef test_add():\n    assert add(2, 3) == 5\n",
};
const ANALYSIS = {
  summary: "make add() add",
  commitType: "fix",
  taskDescription: "add(2, 3) returns -1; it must return 5.",
  filesToModify: ["src/calc.py"],
};
const edit = (search: string, replace: string) => ({
  approach: "Fix the operator in add().",
  testingNotes: "test_add",
  changes: [{ path: "src/calc.py", operation: "modify", explanation: "operator", edits: [{ search, replace }] }],
});
const WRONG = edit("return a - b", "return a * b");
const RIGHT = edit("return a * b", "return a + b");
const ISSUE = { title: "add(2, 3) returns -1", body: "`add(2, 3)` should be 5." };

const repoWith = (testCommand: string) => (dir: string) =>
  makeRepo(dir, {
    ...REPO,
    ".booty.yml": `test_command: ${JSON.stringify(testCommand)}\nmax_retries: 2\ntimeout: 60\n`,
  });

for (const [name, command] of [
  ["a test that fails at the base because of the bug", "python3 -m pytest -q -p no:cacheprovider"],
  ["a command that fails as a whole at the base", 'python3 -c "from src.calc import add; assert add(2, 3) == 5"'],
] as const) {
  test(`${name}: a wrong first edit is not verified; the loop refines until it passes`, async (t) => {
    const { report, repo } = await runScripted(
      t,
      { analyze: ANALYSIS, generate: WRONG, refine: RIGHT },
      { repo: repoWith(command), issue: ISSUE },
    );
    assert.equal(report.status, "succeeded", report.error?.message);
    const rounds = report.verification?.rounds ?? [];
    assert.deepEqual(
      rounds.map((r) => r.passed),
      [false, true],
      `the wrong first edit fails its round, the refined one passes: ${JSON.stringify(report.verification)}`,
    );
    assert.equal(report.verified, true);
    assert.equal(report.pullRequest?.draft, false);
    assert.match(git(repo, "show", "booty/issue-7:src/calc.py"), /return a \+ b/);
  });

  test(`${name}: when no answer fixes it, the run is unverified and the PR a draft`, async (t) => {
    const stillWrong = edit("return a * b", "return a ** b");
    const { report } = await runScripted(
      t,
      { analyze: ANALYSIS, generate: WRONG, refine: [stillWrong, edit("return a ** b", "return b - a")] },
      { repo: repoWith(command), issue: ISSUE },
    );
    assert.equal(report.status, "succeeded", report.error?.message);
    assert.equal(report.verified, false);
    assert.equal(report.pullRequest?.draft, true);
    assert.ok(
      (report.verification?.rounds ?? []).every((r) => !r.passed),
      "no round is recorded as passed",
    );
    assert.doesNotMatch(report.verification?.note ?? "", /not counted/);
  });
}

test("a failure at the base that nothing links to the issue or the change is listed, not blocking", async (t) => {
  const other = "def test_legacy():\n    assert 'legacy' == 'broken'\n";
  const { report } = await runScripted(
    t,
    { analyze: ANALYSIS, generate: edit("return a - b", "return a + b") },
    {
      repo: (dir) =>
        makeRepo(dir, {
          ...REPO,
          "tests/test_legacy.py": other,
          ".booty.yml": "test_command: python3 -m pytest -q -p no:cacheprovider\ntimeout: 60\n",
        }),
      issue: ISSUE,
    },
  );
  assert.equal(report.verified, true, report.verification?.note);
  assert.match(report.verification?.note ?? "", /1 test\(s\) also fail at the base commit, unrelated/);
  assert.match(report.pullRequest?.body ?? "", /tests\/test_legacy\.py::test_legacy/);
  assert.match(report.pullRequest?.body ?? "", /tests\/test_calc\.py::test_add.*failing → passing/);
});
