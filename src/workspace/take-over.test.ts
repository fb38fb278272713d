import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import { InputError, PolicyError } from "../errors/index.ts";
import { silentLogger } from "../log/logger.ts";
import { openWorkspace } from "./open.ts";
import { commitFiles, git, makeRepo, tempDir, writeFiles } from "./test-support.ts";

const TRAILER = "Co-authored-by: booty <booty@booty.invalid>";
const logger = silentLogger();

/** A repository with booty/issue-7 left by an earlier run: one commit carrying booty's trailer. */
function earlierRun(t: Parameters<typeof tempDir>[0]) {
  const repo = makeRepo(join(tempDir(t), "repo"), { "a.txt": "a\n" });
  const base = git(repo, "rev-parse", "HEAD");
  git(repo, "checkout", "-q", "-b", "booty/issue-7");
  const earlier = commitFiles(repo, { "a.txt": "earlier\n" }, `fix: a\n\n${TRAILER}`);
  git(repo, "checkout", "-q", "main");
  const open = (existing?: "replace" | "continue", runId = "r1") =>
    openWorkspace({
      source: repo,
      branch: "booty/issue-7",
      dataDir: tempDir(t, "booty-data-"),
      runId,
      logger,
      existing,
      ownTrailer: TRAILER,
    });
  return { repo, base, earlier, open };
}

test("an earlier run's branch is refused unless the user says --force or --continue, and the error names both", async (t) => {
  const { open } = earlierRun(t);
  await assert.rejects(
    open(),
    (error: unknown) => error instanceof InputError && /already exists.*--force.*--continue/.test(error.message),
  );
});

test("--force starts again from the base; a failed run puts the earlier branch back, a kept one replaces it", async (t) => {
  const { repo, base, earlier, open } = earlierRun(t);
  const failed = await open("replace");
  assert.equal(failed.baseCommit, base);
  assert.equal(git(failed.root, "rev-parse", "HEAD"), base);
  writeFiles(failed.root, { "a.txt": "second try\n" });
  await failed.commit(`fix: a again\n\n${TRAILER}`);
  await failed.cleanup({ keepBranch: false });
  assert.equal(git(repo, "rev-parse", "booty/issue-7"), earlier);

  const kept = await open("replace", "r2");
  writeFiles(kept.root, { "a.txt": "third try\n" });
  const sha = await kept.commit(`fix: a\n\n${TRAILER}`);
  await kept.cleanup({ keepBranch: true });
  assert.equal(git(repo, "rev-parse", "booty/issue-7"), sha);
  assert.equal(git(repo, "rev-parse", `${sha}^`), base);
});

test("--force never replaces a branch holding someone else's commit; --continue builds on it", async (t) => {
  const { repo, open } = earlierRun(t);
  git(repo, "checkout", "-q", "booty/issue-7");
  const theirs = commitFiles(repo, { "b.txt": "a fixup by hand\n" }, "fixup by hand");
  git(repo, "checkout", "-q", "main");
  await assert.rejects(
    open("replace"),
    (error: unknown) =>
      error instanceof PolicyError &&
      error.message.includes(`${theirs.slice(0, 12)} by Test User <test@example.com>`) &&
      /--continue/.test(error.message),
  );
  assert.equal(git(repo, "rev-parse", "booty/issue-7"), theirs);

  const ws = await open("continue");
  assert.equal(ws.baseCommit, theirs);
  assert.equal(git(ws.root, "cat-file", "-p", "HEAD:b.txt"), "a fixup by hand");
  writeFiles(ws.root, { "c.txt": "more\n" });
  const sha = await ws.commit(`feat: c\n\n${TRAILER}`);
  assert.deepEqual(await ws.changedFiles(), ["c.txt"]);
  await ws.cleanup({ keepBranch: true });
  assert.equal(git(repo, "rev-parse", `${sha}^`), theirs);
});
