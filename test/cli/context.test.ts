import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { commitFiles, makeRepo, tempDir } from "../../src/workspace/test-support.ts";
import { runBooty } from "../support/cli.ts";
import { sampleRepo } from "../support/pipeline-fixtures.ts";

test("booty context --json ranks files with scores, tokens and reasons, and says what was packed", async (t) => {
  const dir = tempDir(t, "booty-ctx-");
  const repo = sampleRepo(join(dir, "repo"));
  const env = { HOME: dir, BOOTY_DATA_DIR: join(dir, "data"), LOG_LEVEL: "silent" };
  const result = await runBooty(
    ["context", "--repo", repo, "--title", "add() returns wrong sums", "--body", "calc/ops.py add", "--json"],
    env,
  );
  assert.equal(result.code, 0, result.stderr);
  const out = JSON.parse(result.stdout);
  assert.deepEqual(Object.keys(out).sort(), ["budget", "files", "packed", "used"]);
  assert.equal(out.budget, 24000, "what booty run packs for analyze");
  assert.equal(out.files[0].path, "calc/ops.py");
  for (const file of out.files) {
    assert.equal(typeof file.score, "number");
    assert.equal(typeof file.tokens, "number");
    assert.ok(Array.isArray(file.reasons));
  }
  assert.ok(out.packed.includes("calc/ops.py"));
  assert.ok(out.used > 0 && out.used <= out.budget);
});

test("booty context rejects a bad budget and a folder that is not a repository, in one line", async (t) => {
  const dir = tempDir(t, "booty-ctx-");
  const repo = sampleRepo(join(dir, "repo"));
  const env = { HOME: dir, BOOTY_DATA_DIR: join(dir, "data"), LOG_LEVEL: "silent" };
  const budget = await runBooty(["context", "--repo", repo, "--title", "x", "--budget", "lots"], env);
  assert.equal(budget.code, 1);
  assert.match(budget.stderr, /^booty: --budget expects a positive whole number, got 'lots'\n$/);
  const notRepo = await runBooty(["context", "--repo", join(dir, "nowhere"), "--title", "x"], env);
  assert.equal(notRepo.code, 1);
  assert.match(notRepo.stderr, /not a git repository/);
});

test("booty context prints nothing on stderr for a repository git complains about", async (t) => {
  const dir = tempDir(t, "booty-ctx-");
  // Committed before the attribute: git cannot write this file back as latin-1 and says so on its stderr.
  const repo = makeRepo(join(dir, "repo"), {
    "price.py": "def price():\n    return 1\n",
    "wrongenc.inc": "in \u20ac\n",
  });
  commitFiles(repo, { ".gitattributes": "wrongenc.inc working-tree-encoding=latin-1\n" }, "attributes");
  writeFileSync(join(repo, "price.py"), "def price():\n    return 2\n");
  const env = { HOME: dir, BOOTY_DATA_DIR: join(dir, "data") };
  const result = await runBooty(["context", "--repo", repo, "--title", "price is wrong"], env);
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.stderr, "");
  assert.match(result.stdout, /price\.py/);
});
