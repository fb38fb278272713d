import assert from "node:assert/strict";
import { symlinkSync, unlinkSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { planRun } from "../pipeline/plan/plan.ts";
import { commitFiles, git, makeRepo, tempDir, writeFiles } from "../workspace/test-support.ts";
import { loadRepoConfigAt } from "./at-commit.ts";

const BASE = "max_retries: 1\nrestricted_paths: [secrets/**]\n";

test("the run's rules come from the base commit, not from a branch or the working tree", async (t) => {
  const repo = makeRepo(join(tempDir(t, "booty-cfg-"), "repo"), { ".booty.yml": BASE, "a.py": "x = 1\n" });
  const base = git(repo, "rev-parse", "HEAD");
  git(repo, "checkout", "-q", "-b", "pr");
  commitFiles(repo, { ".booty.yml": "max_retries: 5\n" }, "loosen the rules");
  writeFiles(repo, { ".booty.yml": "max_retries: 9\nmax_cost_usd: 1000\n" });
  assert.deepEqual((await loadRepoConfigAt(repo, base))?.restrictedPaths, ["secrets/**"]);
  const plan = await planRun({
    options: { restrictedPaths: [], selfRepo: undefined },
    root: repo,
    files: ["a.py"],
    target: {},
    baseCommit: base,
  });
  assert.equal(plan.maxRetries, 1);
  assert.throws(() => plan.policy.check("secrets/key.pem"), /secrets/, "the base's restricted path holds");
});

test("no file is no config; a symlink or an invalid file at the commit is refused with its line", async (t) => {
  const repo = makeRepo(join(tempDir(t, "booty-cfg-"), "repo"), { "a.py": "x = 1\n" });
  assert.equal(await loadRepoConfigAt(repo, "HEAD"), null);
  symlinkSync("/etc/passwd", join(repo, ".booty.yml"));
  const linked = commitFiles(repo, {}, "link");
  await assert.rejects(
    loadRepoConfigAt(repo, linked),
    /^InputError: \.booty\.yml:1: \(file\): expected a regular file/,
  );
  unlinkSync(join(repo, ".booty.yml"));
  const invalid = commitFiles(repo, { ".booty.yml": "max_retries: lots\n" }, "invalid");
  await assert.rejects(loadRepoConfigAt(repo, invalid), /\.booty\.yml:1: max_retries: /);
});
