import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

const SCRIPT = join(dirname(fileURLToPath(import.meta.url)), "../../scripts/github-emulator.ts");

/** Runs `npm run github-emulator -- ...` as the walkthrough does, with its temp files under `tmp`. */
function emulatorScript(args: string[], tmp: string) {
  const child = spawn(process.execPath, [SCRIPT, ...args], {
    env: { ...process.env, TMPDIR: tmp },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => {
    stdout += d.toString();
  });
  child.stderr.on("data", (d: Buffer) => {
    stderr += d.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
  return { child, exited, out: () => ({ stdout, stderr }) };
}

test("on a busy port the emulator says so in one line and leaves no temp dir behind", async (t) => {
  const tmp = await mkdtemp(join(tmpdir(), "booty-emulator-script-"));
  const busy = createServer();
  await new Promise<void>((resolve) => busy.listen(0, "127.0.0.1", resolve));
  t.after(async () => {
    busy.close();
    await rm(tmp, { recursive: true, force: true });
  });
  const port = (busy.address() as { port: number }).port;
  const run = emulatorScript(["--port", String(port)], tmp);
  assert.equal(await run.exited, 1);
  const { stderr } = run.out();
  assert.equal(
    stderr,
    `github-emulator: port ${port} is already in use; choose another with npm run github-emulator -- --port N\n`,
  );
  assert.deepEqual(await readdir(tmp), []);
});

test("on a free port it serves the seeded demo, and Ctrl-C removes its temp dir", async (t) => {
  const tmp = await mkdtemp(join(tmpdir(), "booty-emulator-script-"));
  t.after(() => rm(tmp, { recursive: true, force: true }));
  const run = emulatorScript(["--port", "0"], tmp);
  const url = await new Promise<string>((resolve, reject) => {
    run.child.stdout.on("data", () => {
      const found = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(run.out().stdout);
      if (found?.[1] && run.out().stdout.includes("Ctrl-C")) resolve(found[1]);
    });
    void run.exited.then((code) => reject(new Error(`exited with ${code}: ${run.out().stderr}`)));
  });
  const token = /token {8}(\S+)/.exec(run.out().stdout)?.[1] ?? "";
  const issue = await fetch(`${url}/repos/demo/hello/issues/1`, { headers: { authorization: `token ${token}` } });
  assert.equal(issue.status, 200);
  assert.equal(((await issue.json()) as { title: string }).title, "greet() forgets the exclamation mark");
  assert.equal((await readdir(tmp)).length, 1);
  run.child.kill("SIGINT");
  assert.equal(await run.exited, 0);
  assert.deepEqual(await readdir(tmp), []);
});
