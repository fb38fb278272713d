/**
 * The setup cache with real parts: git repositories with worktrees (one per job, as the service makes
 * them), scratch copies, and setup commands run in a real bubblewrap sandbox or, to count runs on the
 * host, without one.
 */
import assert from "node:assert/strict";
import { chmod, lstat, mkdir, mkdtemp, readdir, readFile, readlink, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { silentLogger } from "../../log/logger.ts";
import { commitFiles, git, makeRepo } from "../../workspace/test-support.ts";
import {
  createSandbox,
  createScratch,
  listSetupCache,
  programsFor,
  runSetup,
  type Sandbox,
  setupKey,
} from "../index.ts";
import { fakePyenv } from "../toolchain/test-support.ts";

const UID = 300_000 + (process.pid % 50_000);
const SETUP = [
  "mkdir -p node_modules/.bin node_modules/pkg",
  "cat /proc/sys/kernel/random/uuid > node_modules/pkg/marker",
  "printf '#!/bin/sh\\necho tool ran\\n' > node_modules/.bin/tool && chmod 755 node_modules/.bin/tool",
  "ln -s pkg/marker node_modules/link",
  "echo rewritten > package-lock.json",
].join(" && ");

let base: string;
let cacheDir: string;
let repo: string;
let sandbox: Sandbox;
let jobs = 0;

before(async () => {
  base = await mkdtemp(join(tmpdir(), "booty-setup-cache-"));
  await chmod(base, 0o755);
  cacheDir = join(base, "data", "setup-cache");
  repo = makeRepo(join(base, "repo"), { "package.json": "{}", "package-lock.json": "{}\n", "src/a.js": "1\n" });
  sandbox = await createSandbox({
    mode: "bwrap",
    logger: silentLogger(),
    uid: UID,
    setupCache: { dir: cacheDir, maxBytes: 1024 ** 2 },
  });
});
after(() => rm(base, { recursive: true, force: true }));

/** One job: a fresh worktree of `repoDir` and a scratch copy of it, set up. */
async function job(repoDir: string, command = SETUP, on: Sandbox = sandbox) {
  jobs += 1;
  const worktree = join(base, `wt-${jobs}`);
  git(repoDir, "worktree", "add", "-q", "--detach", worktree);
  const files = git(worktree, "ls-files").split("\n");
  const scratch = await createScratch({ source: worktree, files, uid: on.uid, parent: base });
  const r = await runSetup({
    sandbox: on,
    source: worktree,
    dir: scratch.dir,
    files,
    command,
    network: false,
    timeoutMs: 20_000,
    logger: silentLogger(),
  });
  return { r, dir: scratch.dir, dispose: () => scratch.dispose() };
}

/** Every entry under `dir`: type, mode, content or link target. */
async function snapshot(dir: string, rel = ""): Promise<string[]> {
  const out: string[] = [];
  for (const name of (await readdir(join(dir, rel))).sort()) {
    const child = rel ? `${rel}/${name}` : name;
    if (child === ".git") continue; // bwrap's mount point for the masked .git
    const info = await lstat(join(dir, child));
    if (info.isDirectory()) out.push(`d ${child}`, ...(await snapshot(dir, child)));
    else if (info.isSymbolicLink()) out.push(`l ${child} -> ${await readlink(join(dir, child))}`);
    else out.push(`f ${child} ${(info.mode & 0o111).toString(8)} ${await readFile(join(dir, child), "utf8")}`);
  }
  return out;
}

describe("setup cache", () => {
  test("the second job restores the first job's setup instead of running it, and the tree is identical", async () => {
    const first = await job(repo);
    const second = await job(repo);
    try {
      assert.equal(first.r.exitCode, 0, first.r.output);
      assert.equal(first.r.fromCache, false);
      assert.equal(second.r.fromCache, true);
      // The marker is a fresh uuid per run: the same one means the setup did not run again.
      assert.deepEqual(await snapshot(second.dir), await snapshot(first.dir));
      assert.match(await readFile(join(second.dir, "package-lock.json"), "utf8"), /^rewritten/);
      const run = await sandbox.run({
        root: second.dir,
        command: "tool && cat node_modules/link",
        timeoutMs: 10_000,
        network: false,
      });
      assert.equal(run.output, `tool ran\n${await readFile(join(first.dir, "node_modules/pkg/marker"), "utf8")}`);
    } finally {
      await first.dispose();
      await second.dispose();
    }
  });

  test("restored files are shared read-only: the sandbox cannot change the cached copy in place", async () => {
    const { r, dir, dispose } = await job(repo);
    try {
      assert.equal(r.fromCache, true);
      const [entry] = await listSetupCache({ dir: cacheDir, maxBytes: 1024 ** 2 });
      const cached = join(cacheDir, entry?.key ?? "", "tree", "node_modules/pkg/marker");
      assert.equal((await stat(cached)).ino, (await stat(join(dir, "node_modules/pkg/marker"))).ino, "a hard link");
      const before = await readFile(cached, "utf8");
      const w = await sandbox.run({
        root: dir,
        command:
          "(echo poisoned >> node_modules/pkg/marker) 2>/dev/null || echo refused; rm node_modules/pkg/marker && echo mine > node_modules/pkg/marker && cat node_modules/pkg/marker",
        timeoutMs: 10_000,
        network: false,
      });
      assert.match(w.output, /refused\nmine\n$/);
      assert.equal(await readFile(cached, "utf8"), before);
      assert.equal((await stat(cacheDir)).mode & 0o777, 0o700);
      assert.equal((await stat(join(cacheDir, entry?.key ?? "", "meta.json"))).mode & 0o777, 0o600);
    } finally {
      await dispose();
    }
  });

  test("a changed lock file, another setup command or another repository runs the setup again", async () => {
    const other = makeRepo(join(base, "other"), {
      "package.json": "{}",
      "package-lock.json": "{}\n",
      "src/a.js": "1\n",
    });
    const sameFilesElsewhere = await job(other);
    const otherCommand = await job(repo, `${SETUP} && echo more > extra`);
    commitFiles(repo, { "package-lock.json": '{"lockfileVersion":3}\n' }, "bump");
    const newLock = await job(repo);
    try {
      assert.deepEqual(
        [sameFilesElsewhere.r.fromCache, otherCommand.r.fromCache, newLock.r.fromCache],
        [false, false, false],
      );
    } finally {
      for (const j of [sameFilesElsewhere, otherCommand, newLock]) await j.dispose();
    }
  });

  test("without a sandbox too: a counted setup runs once for two jobs; a failed setup is never cached", async () => {
    const counter = join(base, "runs");
    const none = await createSandbox({
      mode: "none",
      logger: silentLogger(),
      setupCache: { dir: join(base, "none-cache"), maxBytes: 1024 ** 2 },
    });
    const counted = `echo run >> ${counter} && mkdir -p .venv/bin && echo ok > .venv/bin/marker`;
    const jobs = [await job(repo, counted, none), await job(repo, counted, none)];
    const failing = `echo run >> ${counter}.failed && exit 3`;
    const failed = [await job(repo, failing, none), await job(repo, failing, none)];
    try {
      assert.equal(await readFile(counter, "utf8"), "run\n");
      assert.deepEqual(await snapshot(jobs[1]?.dir ?? ""), await snapshot(jobs[0]?.dir ?? ""));
      assert.deepEqual(
        failed.map((j) => [j.r.exitCode, j.r.fromCache]),
        [
          [3, false],
          [3, false],
        ],
      );
      assert.equal(await readFile(`${counter}.failed`, "utf8"), "run\nrun\n");
    } finally {
      for (const j of [...jobs, ...failed]) await j.dispose();
    }
  });

  test("over the size cap, the least recently used entries are evicted", async () => {
    const small = await createSandbox({
      mode: "none",
      logger: silentLogger(),
      setupCache: { dir: join(base, "small-cache"), maxBytes: 2500 },
    });
    const sized = (n: number) => `mkdir -p .venv && head -c 1000 /dev/zero > .venv/blob && echo ${n} > .venv/n`;
    const a = await job(repo, sized(1), small);
    const b = await job(repo, sized(2), small);
    const aAgain = await job(repo, sized(1), small); // a is now more recently used than b
    const c = await job(repo, sized(3), small);
    const keys = async () => (await listSetupCache({ dir: join(base, "small-cache"), maxBytes: 2500 })).length;
    try {
      assert.equal(aAgain.r.fromCache, true);
      assert.equal(await keys(), 2);
      const aThird = await job(repo, sized(1), small);
      const bAgain = await job(repo, sized(2), small);
      assert.deepEqual([aThird.r.fromCache, bAgain.r.fromCache], [true, false]);
      for (const j of [aThird, bAgain]) await j.dispose();
    } finally {
      for (const j of [a, b, aAgain, c]) await j.dispose();
    }
  });

  test("a repository symlink where the output goes stops the restore; the setup runs instead", async () => {
    const hostile = makeRepo(join(base, "hostile"), { "package-lock.json": "{}\n" });
    const target = join(base, "outside");
    await mkdir(target);
    const first = await job(hostile, "mkdir -p node_modules && echo x > node_modules/file");
    git(hostile, "rm", "-q", "--cached", "package-lock.json");
    await writeFile(join(hostile, "package-lock.json"), "{}\n");
    const { symlink } = await import("node:fs/promises");
    await symlink(target, join(hostile, "node_modules"));
    git(hostile, "add", "-f", "node_modules", "package-lock.json");
    git(hostile, "commit", "-q", "-m", "link");
    const second = await job(hostile, "mkdir -p node_modules && echo x > node_modules/file");
    try {
      assert.equal(second.r.fromCache, false);
      assert.deepEqual(await readdir(target), [], "nothing written through the symlink");
      assert.equal(await readlink(join(second.dir, "node_modules")), target, "the tracked symlink is left as it was");
    } finally {
      await first.dispose();
      await second.dispose();
    }
  });

  test("another interpreter for the setup (a new pyenv version) is another entry", async () => {
    const home = join(base, "home");
    await fakePyenv(home, ["3.11.0", "3.12.1"], "3.12.1");
    const files = git(repo, "ls-files").split("\n");
    const toolchain = { home, path: `${home}/.pyenv/shims:/usr/bin:/bin` };
    const command = "python3 -m venv .venv";
    const keyWith = async (version: string) => {
      const programs = await programsFor({ ...toolchain, env: { PYENV_VERSION: version } }, { command, dir: repo });
      return { programs, key: await setupKey({ source: repo, files, command, kind: "bwrap", programs }) };
    };
    const [old, current] = [await keyWith("3.11.0"), await keyWith("3.12.1")];
    assert.deepEqual(current.programs, [`python3=${home}/.pyenv/versions/3.12.1/bin/python3`]);
    assert.notEqual(old.key, current.key);
    assert.equal((await keyWith("3.12.1")).key, current.key);
  });
});
