import assert from "node:assert/strict";
import { existsSync, lstatSync, readFileSync } from "node:fs";
import { chmod, mkdir, mkdtemp, readdir, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { createScratch } from "./scratch.ts";

let base: string;
let source: string;
let outside: string;

before(async () => {
  base = await mkdtemp(join(tmpdir(), "booty-scratch-test-"));
  await chmod(base, 0o711);
  source = join(base, "src");
  outside = join(base, "outside");
  await mkdir(join(source, "lib"), { recursive: true });
  await mkdir(join(source, ".git", "hooks"), { recursive: true });
  await mkdir(outside);
  await writeFile(join(source, "lib", "a.js"), "a\n");
  await writeFile(join(source, "run.sh"), "#!/bin/sh\n", { mode: 0o755 });
  await writeFile(join(source, ".git", "config"), "[core]\n");
  await symlink("lib/a.js", join(source, "link.js"));
});

after(() => rm(base, { recursive: true, force: true }));

test("the copy has the tracked files with modes and symlinks, no .git, owned by the sandbox uid", async () => {
  const files = ["lib/a.js", "run.sh", "link.js", ".git/config", "../escape"];
  const scratch = await createScratch({ source, files, uid: 4242, parent: base });
  try {
    assert.deepEqual((await readdir(scratch.dir)).sort(), ["lib", "link.js", "run.sh"]);
    assert.equal(lstatSync(join(scratch.dir, "run.sh")).mode & 0o777, 0o755);
    assert.equal(lstatSync(join(scratch.dir, "link.js")).isSymbolicLink(), true);
    for (const path of ["", "lib", "lib/a.js", "link.js"]) assert.equal(lstatSync(join(scratch.dir, path)).uid, 4242);
  } finally {
    await scratch.dispose();
  }
  assert.equal(existsSync(scratch.dir), false);
});

test("refuses a parent the sandbox uid cannot reach", async () => {
  const closed = join(base, "closed");
  await mkdir(closed, { mode: 0o700 });
  await assert.rejects(
    createScratch({ source, files: [], uid: 4242, parent: closed }),
    /not traversable by the sandbox user/,
  );
});

test("sync undoes what a test run did to tracked files and never writes through its symlinks", async () => {
  const scratch = await createScratch({ source, files: ["lib/a.js", "run.sh", "link.js"], uid: null, parent: base });
  try {
    // What a hostile test run might leave behind:
    await writeFile(join(scratch.dir, "run.sh"), "tampered\n");
    await rm(join(scratch.dir, "lib"), { recursive: true });
    await symlink(outside, join(scratch.dir, "lib"));
    await mkdir(join(scratch.dir, ".git"));
    await writeFile(join(scratch.dir, ".git", "config"), "[core]\n\tfsmonitor = evil\n");
    await mkdir(join(scratch.dir, "node_modules"));
    // ...and what the model changed meanwhile:
    await writeFile(join(source, "lib", "b.js"), "b\n");
    await scratch.sync(["lib/a.js", "lib/b.js", "run.sh"]);

    assert.deepEqual(await readdir(outside), []);
    assert.equal(lstatSync(join(scratch.dir, "lib")).isDirectory(), true);
    assert.equal(readFileSync(join(scratch.dir, "lib", "b.js"), "utf8"), "b\n");
    assert.equal(readFileSync(join(scratch.dir, "run.sh"), "utf8"), "#!/bin/sh\n");
    assert.equal(existsSync(join(scratch.dir, "link.js")), false, "dropped from the list: removed");
    assert.equal(existsSync(join(scratch.dir, ".git")), false);
    assert.equal(existsSync(join(scratch.dir, "node_modules")), true, "untracked artifacts stay");
  } finally {
    await scratch.dispose();
  }
});
