/**
 * What repository code may write is bounded: every writable filesystem in the sandbox has a size, and the
 * scratch copy its tests run in is a mount of its own, so that filling it fails that run, with the reason
 * said, and never booty's own next step. Needs root and bwrap, like the service.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { chmod, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { MOUNT_REFUSED, smallFilesystem } from "../../test/support/tmpfs.ts";
import { silentLogger } from "../log/logger.ts";
import { createSandbox, createScratch } from "./index.ts";

const UID = 300_000 + (process.pid % 50_000);
const MB = 1024 ** 2;
let base: string;

before(async () => {
  base = await mkdtemp(join(tmpdir(), "booty-limits-test-"));
  await chmod(base, 0o711);
  await mkdir(join(base, "src"));
  await writeFile(join(base, "src", "a.txt"), "a\n");
});
after(() => rm(base, { recursive: true, force: true }));

test("/tmp, $HOME and /dev/shm have the configured sizes, and /dev takes no files", async () => {
  const limits = { tmpBytes: 2 * MB, homeBytes: 3 * MB, shmBytes: 1 * MB };
  const sandbox = await createSandbox({ mode: "bwrap", logger: silentLogger(), uid: UID, limits });
  const scratch = await createScratch({ source: join(base, "src"), files: ["a.txt"], uid: UID, parent: base });
  try {
    const r = await sandbox.run({
      root: scratch.dir,
      command:
        "for d in /tmp $HOME /dev/shm; do dd if=/dev/zero of=$d/big bs=1M count=8 2>&1 | grep -c 'No space left'; done; " +
        "touch /dev/file 2>&1 | grep -c 'Read-only'; df -k /tmp /home/sbx /dev/shm | awk 'NR>1{print $2}'",
      timeoutMs: 10_000,
      network: false,
    });
    assert.deepEqual(r.output.trim().split("\n"), ["1", "1", "1", "1", "2048", "3072", "1024"]);
  } finally {
    await scratch.dispose();
  }
});

test("a test run that fills its scratch copy fails with the reason, and booty's next step still works", async (t) => {
  const probe = await smallFilesystem(MB);
  if (!probe) return t.skip(MOUNT_REFUSED);
  await probe.remove();
  const sandbox = await createSandbox({ mode: "bwrap", logger: silentLogger(), uid: UID });
  const scratch = await createScratch({
    source: join(base, "src"),
    files: ["a.txt"],
    uid: UID,
    parent: base,
    sizeBytes: 4 * MB,
  });
  try {
    assert.equal(scratch.bounded, true);
    const r = await sandbox.run({
      root: scratch.dir,
      command: "dd if=/dev/zero of=big bs=1M count=16 2>&1 | grep 'No space'; exit 1",
      timeoutMs: 10_000,
      network: false,
    });
    assert.match(r.output, /No space left on device/);
    assert.match(r.output, /\[booty: the workspace is full: its limit is 4 MB \(BOOTY_SANDBOX_WORKSPACE_MB\)\]/);
    // booty's own disk is untouched: its next writes succeed, beside the copy and in the worktree.
    await writeFile(join(base, "journal"), Buffer.alloc(8 * MB));
    await writeFile(join(base, "src", "a.txt"), Buffer.alloc(MB, "x"));
    assert.equal(readFileSync(join(base, "journal")).length, 8 * MB);
    // The copy itself is full: refreshing it says so, in words.
    await assert.rejects(
      scratch.sync(["a.txt"]),
      /the scratch copy is full: the tests filled its BOOTY_SANDBOX_WORKSPACE_MB/,
    );
  } finally {
    await scratch.dispose();
  }
  assert.doesNotMatch(readFileSync("/proc/self/mounts", "utf8"), new RegExp(scratch.dir));
});
