import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { git, makeRepo, tempDir } from "../../src/workspace/test-support.ts";
import { runBooty } from "../support/cli.ts";
import { ANALYSIS, PLAN, sampleRepo, writeScript } from "../support/pipeline-fixtures.ts";

function setup(t: { after(fn: () => void): void }) {
  const dir = tempDir(t, "booty-summary-");
  const repo = sampleRepo(join(dir, "repo"));
  // The user's own identity, in their global git config: booty commits in their name.
  writeFileSync(join(dir, ".gitconfig"), "[user]\n\tname = Test User\n\temail = test@example.com\n");
  const env = { HOME: dir, BOOTY_DATA_DIR: join(dir, "data"), LOG_LEVEL: "silent" };
  return { dir, repo, env };
}

test("a failed run's summary names no branch: none was kept", async (t) => {
  const { dir, repo, env } = setup(t);
  const wrong = {
    ...PLAN,
    changes: [{ ...PLAN.changes[0], edits: [{ search: "zzz_not_there()\n", replace: "x\n" }] }],
  };
  const script = writeScript(dir, { analyze: ANALYSIS, generate: wrong });
  const result = await runBooty(["run", "--repo", repo, "--title", "Add subtract", "--model", `script:${script}`], env);
  assert.equal(result.code, 1);
  assert.match(result.stdout, /^✖ booty run failed/);
  assert.doesNotMatch(result.stdout, /branch:/);
  assert.equal(git(repo, "branch", "--list", "booty/*"), "");
});

test("a run on a URL says which mirror holds the branch and how to fetch it, and that command works", async (t) => {
  const { dir, repo, env } = setup(t);
  const script = writeScript(dir, { analyze: ANALYSIS, generate: PLAN });
  const result = await runBooty(
    [
      "run",
      "--repo",
      `file://${repo}`,
      "--title",
      "Add subtract",
      "--issue-number",
      "4",
      "--model",
      `script:${script}`,
    ],
    env,
  );
  assert.equal(result.code, 0, result.stderr);
  const mirror = /^ {2}mirror: {3}(\S+) /m.exec(result.stdout)?.[1] ?? "";
  assert.ok(mirror.startsWith(join(dir, "data")), result.stdout);
  const fetch = /^ {2}fetch: {4}(git fetch .*)$/m.exec(result.stdout)?.[1] ?? "";
  assert.equal(fetch, `git fetch ${mirror} booty/issue-4:booty/issue-4`);
  const clone = makeRepo(join(dir, "clone"), {});
  git(clone, ...fetch.split(" ").slice(1));
  assert.match(git(clone, "show", "booty/issue-4:calc/ops.py"), /def subtract/);
});

test("when no test ran at all, the summary does not say tests ran unsandboxed", async (t) => {
  const { dir, env } = setup(t);
  const repo = makeRepo(join(dir, "bare-calc"), {
    "calc/__init__.py": "from .ops import add\n",
    "calc/ops.py": 'def add(a, b):\n    """Add two numbers."""\n    return a + b\n',
  });
  const script = writeScript(dir, { analyze: ANALYSIS, generate: PLAN });
  const sandboxes: Record<string, string>[] = [{}, { BOOTY_SANDBOX: "none" }];
  for (const sandbox of sandboxes) {
    const result = await runBooty(
      ["run", "--repo", repo, "--title", "Add subtract", "--dry-run", "--model", `script:${script}`],
      { ...env, ...sandbox },
    );
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /no test command found/);
    assert.doesNotMatch(result.stdout, /unsandboxed/i);
  }
});
