import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { type TestContext, test } from "node:test";
import { GitError, PolicyError } from "../errors/index.ts";
import { silentLogger } from "../log/logger.ts";
import { openWorkspace } from "./open.ts";
import { pushBranch } from "./push.ts";
import { git, makeRepo, tempDir } from "./test-support.ts";

/** A bare remote of a fresh repository, and workspaces on `branch` cloned from it, one per run. */
function remoteFor(t: TestContext, branch: string) {
  const up = makeRepo(join(tempDir(t), "up"));
  const remote = join(tempDir(t), "remote.git");
  git(up, "clone", "-q", "--bare", up, remote);
  const remoteUrl = `file://${remote}`;
  const dataDir = tempDir(t, "booty-data-");
  const open = (runId: string) => openWorkspace({ source: remoteUrl, branch, dataDir, runId, logger: silentLogger() });
  return { up, remote, remoteUrl, open };
}

test("pushBranch publishes the branch; a re-run replaces it only with force-with-lease", async (t) => {
  const { remote, remoteUrl, open } = remoteFor(t, "booty/issue-5-x");

  const ws = await open("r1");
  writeFileSync(join(ws.root, "a.txt"), "one\n");
  const first = await ws.commit("feat: one");
  await pushBranch(ws, { remoteUrl, forceWithLease: true });
  assert.equal(git(remote, "rev-parse", "refs/heads/booty/issue-5-x"), first);
  await ws.cleanup({ keepBranch: false });

  const rerun = await open("r2");
  writeFileSync(join(rerun.root, "a.txt"), "two\n");
  const second = await rerun.commit("feat: two");
  await assert.rejects(pushBranch(rerun, { remoteUrl }), GitError);
  assert.equal(git(remote, "rev-parse", "refs/heads/booty/issue-5-x"), first);
  await pushBranch(rerun, { remoteUrl, forceWithLease: true });
  assert.equal(git(remote, "rev-parse", "refs/heads/booty/issue-5-x"), second);
  await rerun.cleanup({ keepBranch: false });
});

test("a re-run never overwrites a branch that has someone else's commit on it", async (t) => {
  const { up, remote, remoteUrl, open } = remoteFor(t, "booty/issue-6-x");
  const ws = await open("r1");
  writeFileSync(join(ws.root, "a.txt"), "one\n");
  await ws.commit("feat: one");
  await pushBranch(ws, { remoteUrl, forceWithLease: true });
  await ws.cleanup({ keepBranch: false });

  // A maintainer adds a fixup to booty's branch.
  const human = join(tempDir(t), "human");
  git(up, "clone", "-q", "--branch", "booty/issue-6-x", remoteUrl, human);
  git(human, "config", "user.email", "maintainer@example.com");
  git(human, "config", "user.name", "Maintainer");
  writeFileSync(join(human, "a.txt"), "fixed by hand\n");
  git(human, "commit", "-qam", "fixup");
  git(human, "push", "-q", "origin", "booty/issue-6-x");
  const theirs = git(remote, "rev-parse", "refs/heads/booty/issue-6-x");

  const rerun = await open("r2");
  writeFileSync(join(rerun.root, "a.txt"), "two\n");
  await rerun.commit("feat: two");
  await assert.rejects(
    pushBranch(rerun, { remoteUrl, forceWithLease: true }),
    (error: unknown) =>
      error instanceof PolicyError &&
      /a commit booty did not make \(\w+ by maintainer@example\.com\)/.test(error.message),
  );
  assert.equal(git(remote, "rev-parse", "refs/heads/booty/issue-6-x"), theirs, "their commit is still there");
  await rerun.cleanup({ keepBranch: false });
});
