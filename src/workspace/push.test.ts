import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { GitError } from "../errors/index.ts";
import { silentLogger } from "../log/logger.ts";
import { openWorkspace } from "./open.ts";
import { pushBranch } from "./push.ts";
import { git, makeRepo, tempDir } from "./test-support.ts";

test("pushBranch publishes the branch; a re-run replaces it only with force-with-lease", async (t) => {
  const up = makeRepo(join(tempDir(t), "up"));
  const remote = join(tempDir(t), "remote.git");
  git(up, "clone", "-q", "--bare", up, remote);
  const remoteUrl = `file://${remote}`;
  const dataDir = tempDir(t, "booty-data-");
  const open = (runId: string) =>
    openWorkspace({ source: remoteUrl, branch: "booty/issue-5-x", dataDir, runId, logger: silentLogger() });

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
