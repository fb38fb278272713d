/** Scratch copies that a process killed with -9 left (on their own tmpfs, when root) are found and removed. */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { chmod, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { after, before, test } from "node:test";
import { createScratch, removeDeadScratch } from "./index.ts";

let base: string;
let source: string;
const scratchModule = new URL("./scratch.ts", import.meta.url).href;

before(async () => {
  base = await mkdtemp(join(tmpdir(), "booty-sweep-test-"));
  await chmod(base, 0o711);
  source = join(base, "src");
  await mkdir(source);
  await writeFile(join(source, "a.txt"), "a\n");
});
after(() => rm(base, { recursive: true, force: true }));

/** Another process makes a scratch copy (mounted, when root) and is killed with -9 before it can dispose of it. */
async function killedWithScratch(): Promise<string> {
  const code = `const { createScratch } = await import(${JSON.stringify(scratchModule)});
    const s = await createScratch({ source: ${JSON.stringify(source)}, files: ["a.txt"], uid: 4242,
      parent: ${JSON.stringify(base)}, sizeBytes: 4 * 1024 * 1024 });
    console.log(s.dir); setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ["--input-type=module", "-e", code], { stdio: ["ignore", "pipe", "inherit"] });
  const lines = createInterface({ input: child.stdout });
  const dir = String((await lines[Symbol.asyncIterator]().next()).value);
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGKILL");
  await exited;
  return dir;
}

test("start-up removes the scratch copies of dead processes, mount and all, and keeps the living's", async () => {
  const dead = await killedWithScratch();
  assert.equal(readFileSync(join(dead, "a.txt"), "utf8"), "a\n", "left behind by the kill");
  if (process.getuid?.() === 0) assert.match(readFileSync("/proc/self/mounts", "utf8"), new RegExp(dead));
  const mine = await createScratch({ source, files: ["a.txt"], uid: null, parent: base });
  const stranger = join(base, "booty-ws-notapid-abcdef");
  await mkdir(stranger);
  try {
    const removed = await removeDeadScratch(base);
    assert.deepEqual(removed, [dead.slice(base.length + 1)]);
    assert.equal(existsSync(dead), false);
    assert.doesNotMatch(readFileSync("/proc/self/mounts", "utf8"), new RegExp(dead));
    assert.equal(existsSync(join(mine.dir, "a.txt")), true, "this process's copy stays");
    assert.equal(existsSync(stranger), true, "not a scratch copy's name: not touched");
  } finally {
    await mine.dispose();
  }
});
