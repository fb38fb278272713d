import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { BOOTY_BIN } from "../support/cli.ts";
import { startGitHubEmulator } from "../support/github-emulator/index.ts";
import { aliceIssue, seedRepo } from "./support/seed.ts";
import { labelIssue, until } from "./support/webhooks.ts";

test("after SIGTERM and its grace period, booty serve cuts off a model call that never returns, and requeues the job", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "booty-shutdown-"));
  const emulator = await startGitHubEmulator();
  // A model server that takes every request and never answers it.
  let asked = 0;
  const silent = createServer(() => {
    asked++;
  });
  await new Promise<void>((r) => silent.listen(0, "127.0.0.1", r));
  t.after(async () => {
    silent.closeAllConnections();
    await new Promise((r) => silent.close(r));
    await emulator.close();
    rmSync(dir, { recursive: true, force: true });
  });
  await seedRepo(emulator, "calc");
  const issue = aliceIssue(emulator, "calc");
  const child = spawn(process.execPath, [BOOTY_BIN, "serve"], {
    env: {
      PATH: process.env.PATH ?? "/usr/bin:/bin",
      NODE_OPTIONS: process.env.NODE_OPTIONS ?? "",
      HOME: dir,
      BOOTY_DATA_DIR: join(dir, "data"),
      WEBHOOK_SECRET: "s",
      GITHUB_TOKEN: emulator.issueToken({ login: "booty-bot" }),
      GITHUB_API_URL: emulator.url,
      BOOTY_MODEL: "openai-compatible:never",
      BOOTY_MODEL_BASE_URL: `http://127.0.0.1:${(silent.address() as AddressInfo).port}/v1`,
      BOOTY_HOST: "127.0.0.1",
      BOOTY_PORT: "0",
      BOOTY_SANDBOX: "none",
      BOOTY_SHUTDOWN_GRACE_MS: "300",
      LOG_LEVEL: "info",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  child.stdout.on("data", (d: Buffer) => (log += d.toString()));
  child.stderr.on("data", (d: Buffer) => (log += d.toString()));
  const exited = new Promise<number | null>((r) => child.once("exit", r));
  try {
    const url = await until("booty serve to listen", async () => /"url":"(http:[^"]+)"/.exec(log)?.[1], 60_000);
    const res = await labelIssue(url, "s", { repo: "calc", number: issue.number, title: "Add subtract" });
    assert.equal(res.status, 202);
    await until("the model to be asked", async () => asked > 0, 60_000);
    const stopped = performance.now();
    child.kill("SIGTERM");
    const code = await exited;
    const took = performance.now() - stopped;
    assert.equal(code, 0, log);
    assert.ok(took < 15_000, `exited ${Math.round(took)} ms after SIGTERM`);
    assert.match(log, /grace period over; stopping and requeueing running jobs/);
    // The model call was cut off, so the attempt ended on its own: cleaned up, and back in the queue.
    assert.match(log, /"step":"analyze","event":"failed"/);
    assert.match(log, /job interrupted by the shutdown; requeued/);
    assert.deepEqual(readdirSync(join(dir, "data", "worktrees")), []);
  } finally {
    child.kill("SIGKILL");
  }
});
