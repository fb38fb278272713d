import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { git, makeRepo, tempDir } from "../../src/workspace/test-support.ts";
import { runBooty } from "../support/cli.ts";
import { ANALYSIS, PLAN, SAMPLE_FILES, snapshot, writeScript } from "../support/pipeline-fixtures.ts";

/** A repository with no identity of its own: the user's comes from their global git config, if any. */
function setup(t: { after(fn: () => void): void }, globalIdentity: boolean) {
  const dir = tempDir(t, "booty-identity-");
  const repo = makeRepo(join(dir, "repo"), SAMPLE_FILES);
  git(repo, "config", "--unset", "user.name");
  git(repo, "config", "--unset", "user.email");
  if (globalIdentity)
    writeFileSync(join(dir, ".gitconfig"), "[user]\n\tname = Ada Lovelace\n\temail = ada@example.org\n");
  const script = writeScript(dir, { analyze: ANALYSIS, generate: PLAN });
  const env = { HOME: dir, BOOTY_DATA_DIR: join(dir, "data"), LOG_LEVEL: "warn" };
  const args = ["run", "--repo", repo, "--title", "Add subtract", "--issue-number", "5", "--model", `script:${script}`];
  return { repo, env, args };
}

test("booty run commits in the user's own name, with booty as co-author under a stranger-free address", async (t) => {
  const { repo, env, args } = setup(t, true);
  const result = await runBooty(args, env);
  assert.equal(result.code, 0, result.stderr);
  const [author, committer, message] = git(
    repo,
    "log",
    "-1",
    "--format=%an <%ae>%x00%cn <%ce>%x00%B",
    "booty/issue-5",
  ).split("\0");
  assert.equal(author, "Ada Lovelace <ada@example.org>");
  assert.equal(committer, "Ada Lovelace <ada@example.org>");
  assert.match(message ?? "", /\n\nCo-authored-by: booty <booty@booty\.invalid>$/);
  assert.doesNotMatch(message ?? "", /users\.noreply\.github\.com/);
});

test("the co-author is configurable with BOOTY_COAUTHOR", async (t) => {
  const { repo, env, args } = setup(t, true);
  const result = await runBooty(args, { ...env, BOOTY_COAUTHOR: "Our Bot <bot@example.org>" });
  assert.equal(result.code, 0, result.stderr);
  assert.match(
    git(repo, "log", "-1", "--format=%B", "booty/issue-5"),
    /\n\nCo-authored-by: Our Bot <bot@example\.org>$/,
  );
});

test("without a git identity booty says how to set one, in one line, and leaves nothing behind", async (t) => {
  const { repo, env, args } = setup(t, false);
  const before = snapshot(repo);
  const result = await runBooty(args, env);
  assert.equal(result.code, 1);
  assert.match(
    result.stderr,
    /^booty: no git identity \(.*repo\): booty commits in your name.*git config --global user\.name .*\n$/,
  );
  assert.deepEqual(snapshot(repo), before);
});
