import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { commitFiles, git, tempDir } from "../../src/workspace/test-support.ts";
import { runBooty } from "../support/cli.ts";
import { ANALYSIS, PLAN, sampleRepo, snapshot, writeScript } from "../support/pipeline-fixtures.ts";

function setup(t: { after(fn: () => void): void }) {
  const dir = tempDir(t, "booty-rerun-");
  const repo = sampleRepo(join(dir, "repo"));
  const script = writeScript(dir, { analyze: ANALYSIS, generate: PLAN });
  const env = { HOME: dir, BOOTY_DATA_DIR: join(dir, "data"), LOG_LEVEL: "warn" };
  const run = (...extra: string[]) =>
    runBooty(
      [
        "run",
        "--repo",
        repo,
        "--title",
        "Add subtract",
        "--issue-number",
        "7",
        "--model",
        `script:${script}`,
        ...extra,
      ],
      env,
    );
  return { dir, repo, script, env, run };
}

test("re-running an issue: the error names --force and --continue; --force replaces booty's branch, --continue builds on it", async (t) => {
  const { repo, run } = setup(t);
  const first = await run();
  assert.equal(first.code, 0, first.stderr);
  const earlier = git(repo, "rev-parse", "booty/issue-7");

  const again = await run();
  assert.equal(again.code, 1);
  assert.match(again.stderr, /^booty: branch booty\/issue-7 already exists \(.*\): .*--force.*--continue.*\n$/);
  assert.equal(git(repo, "rev-parse", "booty/issue-7"), earlier);

  const forced = await run("--force");
  assert.equal(forced.code, 0, forced.stderr);
  assert.notEqual(git(repo, "rev-parse", "booty/issue-7"), earlier);
  assert.equal(git(repo, "rev-list", "--count", "main..booty/issue-7"), "1");
});

test("--force refuses a branch that holds someone else's commit, and leaves it as it was", async (t) => {
  const { repo, run } = setup(t);
  assert.equal((await run()).code, 0);
  git(repo, "checkout", "-q", "booty/issue-7");
  const theirs = commitFiles(repo, { "NOTES.md": "mine\n" }, "a note of my own");
  git(repo, "checkout", "-q", "main");
  const before = snapshot(repo);
  const forced = await run("--force");
  assert.equal(forced.code, 1);
  assert.match(
    forced.stderr,
    new RegExp(
      `^booty: branch booty/issue-7 has a commit booty did not make \\(.*\\): ${theirs.slice(0, 12)} by .*--continue.*\n$`,
    ),
  );
  assert.deepEqual(snapshot(repo), before);
});

test("--continue adds a commit on top of the earlier branch", async (t) => {
  const { dir, repo, env } = setup(t);
  const script = writeScript(dir, { analyze: ANALYSIS, generate: PLAN }, "first.yml");
  const args = ["run", "--repo", repo, "--title", "Add subtract", "--issue-number", "7", "--model"];
  assert.equal((await runBooty([...args, `script:${script}`], env)).code, 0);
  const next = {
    ...PLAN,
    changes: [
      {
        path: "calc/ops.py",
        operation: "modify",
        explanation: "and multiply",
        edits: [
          { search: "    return a - b\n", replace: "    return a - b\n\n\ndef multiply(a, b):\n    return a * b\n" },
        ],
      },
    ],
  };
  const second = writeScript(dir, { analyze: ANALYSIS, generate: next }, "second.yml");
  const result = await runBooty([...args, `script:${second}`, "--continue"], env);
  assert.equal(result.code, 0, result.stderr);
  assert.equal(git(repo, "rev-list", "--count", "main..booty/issue-7"), "2");
  assert.match(git(repo, "show", "booty/issue-7:calc/ops.py"), /def subtract[\s\S]*def multiply/);
});

test("uncommitted changes in the user's repository: booty says it works from the base commit", async (t) => {
  const { repo, run } = setup(t);
  writeFileSync(join(repo, "calc/ops.py"), "# my unfinished edit\n");
  const result = await run();
  assert.equal(result.code, 0, result.stderr);
  assert.match(
    result.stderr,
    /^booty: note \(.*repo\): 1 uncommitted change in the working tree will not be seen: booty works from the base commit, not the working tree; commit them first to include them$/m,
  );
  assert.equal(git(repo, "status", "--porcelain"), "M calc/ops.py");
});
