import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { InputError } from "../errors/index.ts";
import { silentLogger } from "../log/logger.ts";
import { openWorkspace } from "./open.ts";
import { commitFiles, git, makeRepo, tempDir, writeFiles } from "./test-support.ts";

const logger = silentLogger();

function userRepo(t: Parameters<typeof tempDir>[0]): { repo: string; dataDir: string } {
  const repo = makeRepo(join(tempDir(t), "repo"), { "src/a.ts": "export const a = 1;\n", "README.md": "# r\n" });
  return { repo, dataDir: tempDir(t, "booty-data-") };
}

function snapshot(repo: string) {
  return {
    status: git(repo, "status", "--porcelain=v1", "--untracked-files=all"),
    head: git(repo, "rev-parse", "HEAD"),
    branch: git(repo, "symbolic-ref", "HEAD"),
    index: readFileSync(join(repo, ".git/index")).toString("base64"),
    worktreeFile: readFileSync(join(repo, "src/a.ts"), "utf8"),
  };
}

test("a local repo gets a worktree on a new branch; the user's checkout, index and branch are untouched", async (t) => {
  const { repo, dataDir } = userRepo(t);
  writeFiles(repo, { "src/a.ts": "export const a = 2; // user's uncommitted edit\n", "notes.txt": "untracked\n" });
  writeFiles(repo, { "README.md": "# staged\n" });
  git(repo, "add", "README.md");
  const before = snapshot(repo);

  const ws = await openWorkspace({ source: repo, branch: "booty/issue-1-x", dataDir, runId: "run1", logger });
  assert.equal(ws.kind, "local");
  assert.equal(ws.baseBranch, "main");
  assert.equal(ws.baseCommit, before.head);
  assert.equal(ws.root, join(dataDir, "worktrees", "run1"));
  assert.equal(git(ws.root, "symbolic-ref", "--short", "HEAD"), "booty/issue-1-x");
  assert.equal(readFileSync(join(ws.root, "src/a.ts"), "utf8"), "export const a = 1;\n");
  assert.deepEqual(await ws.listFiles(), ["README.md", "src/a.ts"]);

  writeFiles(ws.root, { "src/a.ts": "export const a = 3;\n", "src/b.ts": "export const b = 1;\n" });
  assert.deepEqual(await ws.changedFiles(), ["src/a.ts", "src/b.ts"]);
  const sha = await ws.commit("feat: b\n\nbody");
  assert.equal(git(ws.root, "rev-parse", "HEAD"), sha);
  assert.equal(git(ws.root, "log", "-1", "--format=%an <%ae>|%B"), "booty <booty@booty.invalid>|feat: b\n\nbody");
  assert.deepEqual(await ws.changedFiles(), ["src/a.ts", "src/b.ts"]);
  assert.match(await ws.diff(), /^\+export const b = 1;$/m);
  await assert.rejects(ws.commit("empty"), /nothing to commit/);

  assert.deepEqual(snapshot(repo), before);
  await ws.cleanup({ keepBranch: true });
  assert.equal(existsSync(ws.root), false);
  assert.equal(git(repo, "rev-parse", "refs/heads/booty/issue-1-x"), sha);
  assert.equal(git(repo, "worktree", "list", "--porcelain").match(/^worktree /gm)?.length, 1);
  assert.deepEqual(snapshot(repo), before);
});

test("cleanup of a failed run leaves no branch, no commit reference and no worktree", async (t) => {
  const { repo, dataDir } = userRepo(t);
  const ws = await openWorkspace({ source: repo, branch: "booty/issue-2-y", dataDir, runId: "run2", logger });
  writeFiles(ws.root, { "src/a.ts": "changed\n" });
  await ws.commit("wip", { name: "Bot", email: "bot@example.com" });
  await ws.cleanup({ keepBranch: false });
  assert.equal(existsSync(ws.root), false);
  assert.equal(git(repo, "branch", "--list", "booty/*"), "");
  assert.equal(git(repo, "worktree", "list", "--porcelain").match(/^worktree /gm)?.length, 1);
  await ws.cleanup({ keepBranch: false }); // idempotent
});

test("cleanup after the worktree's folder was removed behind its back still drops the branch and the registration", async (t) => {
  const { repo, dataDir } = userRepo(t);
  const ws = await openWorkspace({ source: repo, branch: "booty/issue-3-z", dataDir, runId: "run3", logger });
  rmSync(ws.root, { recursive: true, force: true }); // as a crash or an operator might
  await ws.cleanup({ keepBranch: false });
  assert.equal(git(repo, "branch", "--list", "booty/*"), "");
  assert.equal(git(repo, "worktree", "list", "--porcelain").match(/^worktree /gm)?.length, 1);
});

test("a detached HEAD bases the branch on HEAD's commit; an explicit base branch is honoured", async (t) => {
  const { repo, dataDir } = userRepo(t);
  const first = git(repo, "rev-parse", "HEAD");
  git(repo, "branch", "dev");
  commitFiles(repo, { "c.txt": "c\n" }, "second");
  git(repo, "checkout", "-q", "--detach", "HEAD");
  const detached = await openWorkspace({ source: repo, branch: "booty/a", dataDir, runId: "r1", logger });
  assert.equal(detached.baseCommit, git(repo, "rev-parse", "HEAD"));
  const dev = await openWorkspace({ source: repo, baseBranch: "dev", branch: "booty/b", dataDir, runId: "r2", logger });
  assert.equal(dev.baseBranch, "dev");
  assert.equal(dev.baseCommit, first);
  await detached.cleanup({ keepBranch: false });
  await dev.cleanup({ keepBranch: false });
});

test("bad sources and branches are InputErrors that name what is wrong", async (t) => {
  const { repo, dataDir } = userRepo(t);
  const plain = tempDir(t);
  mkdirSync(join(repo, "sub"));
  writeFileSync(join(repo, "sub/x"), "x");
  const empty = makeRepo(join(tempDir(t), "empty"), {});
  const open = (source: string, extra: { baseBranch?: string; branch?: string; runId?: string } = {}) =>
    openWorkspace({
      source,
      branch: extra.branch ?? "booty/z",
      baseBranch: extra.baseBranch,
      dataDir,
      runId: extra.runId ?? "rz",
      logger,
    });
  const rejects = (promise: Promise<unknown>, pattern: RegExp) =>
    assert.rejects(promise, (error: unknown) => error instanceof InputError && pattern.test(error.message));

  await rejects(open(plain), new RegExp(`^not a git repository: ${plain}$`));
  await rejects(open(join(plain, "missing")), /not a git repository/);
  await rejects(open(join(repo, "sub")), /not a git repository/);
  await rejects(open(repo, { baseBranch: "nope" }), new RegExp(`unknown base branch 'nope' \\(${repo}\\)`));
  await rejects(open(repo, { baseBranch: "--orphan" }), /unsafe branch name/);
  git(repo, "branch", "booty/exists");
  await rejects(open(repo, { branch: "booty/exists" }), /branch booty\/exists already exists .*--force.*--continue/);
  await rejects(open(repo, { branch: "bad name" }), /unsafe branch name/);
  await rejects(open(repo, { runId: "../escape" }), /invalid run id/);
  await rejects(open(empty), /empty repository/);
  await rejects(open("ext::sh -c touch% /tmp/pwned"), /unsupported repository URL scheme 'ext'/);
  await rejects(open("https://user:secret@example.com/o/r.git"), /credentials inside a repository URL/);
  assert.equal(git(repo, "worktree", "list", "--porcelain").match(/^worktree /gm)?.length, 1);
});
