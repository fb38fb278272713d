/**
 * The intake journal on a disk that is really full (a small tmpfs): refused deliveries leave no descriptor
 * or segment behind, readiness says not ready while nothing can be written, and both recover with space.
 */
import assert from "node:assert/strict";
import { readdirSync, readlinkSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { sign } from "@octokit/webhooks-methods";
import { MOUNT_REFUSED, smallFilesystem } from "../../../test/support/tmpfs.ts";
import { silentLogger } from "../../log/logger.ts";
import type { DeliveryRecord } from "../../queue/index.ts";
import { startIntakeServer } from "../threads/host.ts";
import { encodeRecord } from "./frame.ts";
import { openJournal } from "./journal.ts";

const record = (id: string): DeliveryRecord => ({
  id,
  event: "issues",
  action: "labeled",
  repo: "octo/calc",
  outcome: "queued",
  payload: "x".repeat(20_000),
  job: null,
});

/** This process's descriptors open on files in `dir`. */
function fdsIn(dir: string): number {
  const real = realpathSync(dir);
  return readdirSync("/proc/self/fd").filter((fd) => {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`).startsWith(real);
    } catch {
      return false;
    }
  }).length;
}

/** Fills `dir`'s filesystem up to the last few KB. */
function fill(dir: string): void {
  let size = 1024 * 1024;
  for (let i = 0; i < 400 && size >= 1024; i++) {
    try {
      writeFileSync(join(dir, `filler-${i}`), Buffer.alloc(size));
    } catch {
      rmSync(join(dir, `filler-${i}`), { force: true });
      size = Math.floor(size / 2);
    }
  }
}
const unfill = (dir: string) => {
  for (const name of readdirSync(dir)) if (name.startsWith("filler-")) rmSync(join(dir, name));
};

test("a full disk: each refused write lets go of its segment, and the journal says when it can write again", async (t) => {
  const fs = await smallFilesystem(1024 * 1024);
  if (!fs) return t.skip(MOUNT_REFUSED);
  try {
    const dir = join(fs.dir, "intake");
    const journal = openJournal({ dir, onDurable: () => {}, fsync: "interval" });
    await journal.append(encodeRecord(record("before")));
    fill(fs.dir);
    let refused = 0;
    for (let i = 0; i < 30; i++) await journal.append(encodeRecord(record(`d-${i}`))).catch(() => refused++);
    assert.equal(refused, 30);
    assert.ok(fdsIn(dir) <= 1, `${fdsIn(dir)} descriptors open in the journal's folder`);
    assert.ok(readdirSync(dir).filter((n) => n.endsWith(".journal")).length <= 2, readdirSync(dir).join(" "));
    assert.equal(await journal.writable(), false);
    unfill(fs.dir);
    assert.equal(await journal.writable(), true);
    await journal.append(encodeRecord(record("after")));
    await journal.close();
  } finally {
    await fs.remove();
  }
});

test("/readyz is 503 while the intake journal cannot write, and ready again once it can", async (t) => {
  const fs = await smallFilesystem(1024 * 1024);
  if (!fs) return t.skip(MOUNT_REFUSED);
  const server = await startIntakeServer({
    threads: 1,
    host: "127.0.0.1",
    port: 0,
    rules: { secrets: ["s"], triggerLabel: "booty", allowedBots: [], repos: [] },
    dir: join(fs.dir, "intake"),
    fsync: "interval",
    token: "t0ken",
    logger: silentLogger(),
    store: async () => {},
    databaseReady: async () => true,
    reader: { list: async () => [], get: async () => null, deliveries: async () => [] },
  });
  try {
    const base = `http://127.0.0.1:${server.port}`;
    assert.equal((await fetch(`${base}/readyz`)).status, 200);
    fill(fs.dir);
    // A signed delivery is what makes the journal write; an unsigned one is refused before that.
    const body = JSON.stringify({ zen: "x".repeat(20_000), hook_id: 1 });
    const headers = {
      "content-type": "application/json",
      "x-github-event": "ping",
      "x-github-delivery": "full-1",
      "x-hub-signature-256": await sign("s", body),
    };
    const answer = await fetch(`${base}/webhooks/github`, { method: "POST", headers, body });
    assert.equal(answer.status, 503);
    const ready = await fetch(`${base}/readyz`);
    assert.equal(ready.status, 503);
    assert.match(((await ready.json()) as { status: string }).status, /journal cannot write/);
    unfill(fs.dir);
    assert.equal((await fetch(`${base}/readyz`)).status, 200);
  } finally {
    await server.close();
    await fs.remove();
  }
});
