import assert from "node:assert/strict";
import { execFile, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { openPglite } from "./pglite.ts";

const fresh = (t: { after: (fn: () => void) => void }) => {
  const dir = mkdtempSync(join(tmpdir(), "booty-pglite-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
};

test("a lock held by a live process refuses the open, naming that process, and is left as it was", async (t) => {
  const dir = fresh(t);
  const other = spawn("sleep", ["30"]);
  t.after(() => other.kill());
  writeFileSync(join(dir, "booty.lock"), String(other.pid));
  await assert.rejects(openPglite(dir), new RegExp(`in use by process ${other.pid}`));
  assert.equal(readFileSync(join(dir, "booty.lock"), "utf8"), String(other.pid));
});

test("a lock left by a dead process is taken over, and released on close", async (t) => {
  const dir = fresh(t);
  const dead = spawn("true");
  await new Promise((r) => dead.once("exit", r));
  writeFileSync(join(dir, "booty.lock"), String(dead.pid));
  const db = await openPglite(dir);
  assert.equal(readFileSync(join(dir, "booty.lock"), "utf8"), String(process.pid));
  await db.close();
  assert.throws(() => readFileSync(join(dir, "booty.lock")), /ENOENT/);
});

test("of two processes opening the same data directory at the same instant, exactly one gets it", async (t) => {
  const dir = fresh(t);
  await (await openPglite(dir)).close(); // a data directory used before, as on every restart
  const at = Date.now() + 1500;
  // Both wait for the same instant, so that each looks for the lock before the other has written it.
  const script = `
    const { openPglite } = await import(${JSON.stringify(new URL("./pglite.ts", import.meta.url).href)});
    while (Date.now() < ${at});
    try { const db = await openPglite(${JSON.stringify(dir)}); console.log("opened"); await new Promise((r) => setTimeout(r, 1500)); await db.close(); }
    catch (e) { console.log("refused: " + e.message); }`;
  const run = () =>
    new Promise<string>((resolve, reject) =>
      execFile(process.execPath, ["--input-type=module", "-e", script], (error, stdout) =>
        error ? reject(error) : resolve(stdout.trim()),
      ),
    );
  const answers = await Promise.all([run(), run()]);
  assert.deepEqual(answers.map((a) => a.split(":")[0]).sort(), ["opened", "refused"], answers.join("\n"));
});
