import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { test } from "node:test";
import { GitError, InputError } from "../errors/index.ts";
import { silentLogger } from "../log/logger.ts";
import { openWorkspace } from "./open.ts";
import { commitFiles, git, makeRepo, tempDir } from "./test-support.ts";

const logger = silentLogger();
const TOKEN = "ghs_mirrortokenmirrortokenmirrortoken01";

function upstream(t: Parameters<typeof tempDir>[0], branch = "main"): { dir: string; url: string } {
  const dir = makeRepo(join(tempDir(t), "upstream"), { "lib.py": "x = 1\n" });
  if (branch !== "main") git(dir, "branch", "-m", branch);
  return { dir, url: `file://${dir}` };
}

test("a file:// URL is mirrored once, fetched on later runs, and new upstream commits show up", async (t) => {
  const up = upstream(t, "trunk");
  const dataDir = tempDir(t, "booty-data-");
  const first = await openWorkspace({
    source: up.url,
    branch: "booty/one",
    dataDir,
    runId: "r1",
    logger,
    token: TOKEN,
  });
  assert.equal(first.kind, "mirror");
  assert.equal(first.baseBranch, "trunk");
  assert.equal(first.baseCommit, git(up.dir, "rev-parse", "HEAD"));
  assert.ok(first.repoDir.startsWith(join(dataDir, "mirrors", "file")), first.repoDir);
  assert.match(first.repoDir, /upstream-[0-9a-f]{8}\.git$/);
  const mirrorInode = statSync(first.repoDir).ino;
  assert.equal(readFileSync(join(first.root, "lib.py"), "utf8"), "x = 1\n");

  git(up.dir, "branch", "gone");
  const second = commitFiles(up.dir, { "lib.py": "x = 2\n" }, "upstream change");
  const next = await openWorkspace({ source: up.url, branch: "booty/two", dataDir, runId: "r2", logger });
  assert.equal(next.repoDir, first.repoDir);
  assert.equal(statSync(next.repoDir).ino, mirrorInode, "the mirror is reused, not recloned");
  assert.equal(next.baseCommit, second);
  assert.equal(readFileSync(join(next.root, "lib.py"), "utf8"), "x = 2\n");

  // A prune on fetch must not delete the branches runs made in the mirror.
  writeFileSync(join(next.root, "lib.py"), "x = 3\n");
  await next.commit("change");
  assert.equal(git(next.repoDir, "rev-parse", "refs/remotes/origin/gone"), git(up.dir, "rev-parse", "gone"));
  git(up.dir, "branch", "-D", "gone");
  await openWorkspace({ source: up.url, branch: "booty/three", dataDir, runId: "r3", logger }).then((w) =>
    w.cleanup({ keepBranch: false }),
  );
  assert.equal(git(next.repoDir, "rev-parse", "--verify", "refs/heads/booty/two"), git(next.root, "rev-parse", "HEAD"));
  assert.equal(git(next.repoDir, "branch", "-r", "--list", "origin/gone"), "", "upstream deletions are pruned");
  assert.equal(git(next.repoDir, "tag", "--list"), "");

  const config = readFileSync(join(first.repoDir, "config"), "utf8");
  assert.doesNotMatch(config, /mirrortoken|extraheader/i);
  for (const ws of [first, next]) await ws.cleanup({ keepBranch: false });
  assert.deepEqual(readdirSync(join(dataDir, "worktrees")), []);
});

test("two runs on one URL at once both succeed (the mirror is locked while fetched)", async (t) => {
  const up = upstream(t);
  const dataDir = tempDir(t, "booty-data-");
  const runs = await Promise.all(
    ["a", "b", "c"].map((id) => openWorkspace({ source: up.url, branch: `booty/${id}`, dataDir, runId: id, logger })),
  );
  assert.equal(new Set(runs.map((ws) => ws.repoDir)).size, 1);
  for (const ws of runs) await ws.cleanup({ keepBranch: false });
});

test("runs that add and remove worktrees while others fetch never trip over each other", async (t) => {
  const up = upstream(t);
  const dataDir = tempDir(t, "booty-data-");
  await Promise.all(
    Array.from({ length: 6 }, async (_, lane) => {
      for (let round = 0; round < 3; round++) {
        const id = `l${lane}-${round}`;
        const ws = await openWorkspace({ source: up.url, branch: `booty/${id}`, dataDir, runId: id, logger });
        await ws.cleanup({ keepBranch: false });
      }
    }),
  );
  assert.deepEqual(readdirSync(join(dataDir, "worktrees")), []);
});

test("unknown base branch and empty repositories behind a URL are InputErrors", async (t) => {
  const up = upstream(t);
  const dataDir = tempDir(t, "booty-data-");
  await assert.rejects(
    openWorkspace({ source: up.url, baseBranch: "nope", branch: "booty/x", dataDir, runId: "r1", logger }),
    (error: unknown) => error instanceof InputError && /unknown base branch 'nope' \(file:\/\//.test(error.message),
  );
  const empty = makeRepo(join(tempDir(t), "empty"), {});
  await assert.rejects(
    openWorkspace({ source: `file://${empty}`, branch: "booty/x", dataDir, runId: "r2", logger }),
    (error: unknown) => error instanceof InputError && /empty repository/.test(error.message),
  );
});

test("over http the token goes only in a header: never in argv, config or anything on disk", async (t) => {
  const seen: IncomingHttpHeaders[] = [];
  const server = createServer((req, res) => {
    seen.push(req.headers);
    res.writeHead(503).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  t.after(() => server.close());
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/o/r.git`;
  const dataDir = tempDir(t, "booty-data-");
  const error = await openWorkspace({
    source: url,
    branch: "booty/x",
    dataDir,
    runId: "r1",
    logger,
    token: TOKEN,
  }).catch((e: unknown) => e);
  assert.ok(error instanceof GitError);
  assert.equal(error.retryable, true);
  assert.doesNotMatch(error.message, /mirrortoken/);
  assert.equal(seen[0]?.authorization, `basic ${Buffer.from(`x-access-token:${TOKEN}`).toString("base64")}`);
  const grep = spawnSync("grep", ["-r", "-l", "-e", "mirrortoken", "-e", "extraheader", dataDir], { encoding: "utf8" });
  assert.equal(grep.stdout, "");
  assert.equal(grep.status, 1, "grep found nothing");
  assert.equal(existsSync(join(dataDir, "worktrees", "r1")), false);
  const leftovers = readdirSync(join(dataDir, "mirrors"), { recursive: true }).map(String);
  assert.deepEqual(
    leftovers.filter((entry) => entry.includes(".git")),
    [],
    "no half-cloned mirror is left",
  );
});

test("a re-run replaces the mirror's leftover branch, but never one a live run has checked out", async (t) => {
  const up = upstream(t);
  const dataDir = tempDir(t, "booty-data-");
  const open = (runId: string) => openWorkspace({ source: up.url, branch: "booty/issue-1-x", dataDir, runId, logger });
  const first = await open("r1");
  await assert.rejects(
    open("r2"),
    (error: unknown) => error instanceof InputError && /already exists/.test(error.message),
  );
  writeFileSync(join(first.root, "lib.py"), "x = 9\n");
  await first.commit("first");
  await first.cleanup({ keepBranch: true });
  const again = await open("r3");
  assert.equal(again.baseCommit, git(up.dir, "rev-parse", "HEAD"));
  assert.equal(git(again.root, "rev-parse", "HEAD"), again.baseCommit, "the new branch starts from the base again");
  await again.cleanup({ keepBranch: false });
});
