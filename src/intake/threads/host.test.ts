import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readlinkSync, realpathSync, rmSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { after, describe, test } from "node:test";
import { Worker } from "node:worker_threads";
import { sign } from "@octokit/webhooks-methods";
import { createLogger } from "../../log/logger.ts";
import type { DeliveryRecord } from "../../queue/index.ts";
import { type IntakeServer, startIntakeServer } from "./host.ts";
import type { ThreadData } from "./protocol.ts";

const SECRET = "s3cret";
const dirs: string[] = [];
const servers: IntakeServer[] = [];
// A test that failed half-way leaves its threads running: they would keep the process alive.
after(async () => {
  await Promise.all(servers.map((s) => s.close()));
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

interface Harness {
  server: IntakeServer;
  base: string;
  dir: string;
  stored: DeliveryRecord[];
  workers: Worker[];
  logs: Record<string, unknown>[];
}

async function start(
  threads: number,
  o: { storeFails?: () => boolean; port?: number; dir?: string; closeTimeoutMs?: number } = {},
): Promise<Harness> {
  const dir = o.dir ?? mkdtempSync(join(tmpdir(), "booty-threads-"));
  dirs.push(dir);
  const stored: DeliveryRecord[] = [];
  const workers: Worker[] = [];
  const logs: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split("\n").filter(Boolean)) logs.push(JSON.parse(line));
      done();
    },
  });
  const server = await startIntakeServer({
    threads,
    host: "127.0.0.1",
    port: o.port ?? 0,
    rules: { secrets: [SECRET], triggerLabel: "booty", allowedBots: [], repos: [] },
    dir,
    fsync: "interval",
    token: "t0ken",
    logger: createLogger({ level: "debug", destination, secrets: [SECRET] }),
    idleMs: 5,
    maxDelayMs: 50,
    ...(o.closeTimeoutMs ? { closeTimeoutMs: o.closeTimeoutMs } : {}),
    store: async (records) => {
      if (o.storeFails?.()) throw new Error("database down");
      stored.push(...records);
    },
    databaseReady: async () => !o.storeFails?.(),
    reader: {
      list: async (limit) => [{ id: "j", limit }],
      get: async (id) => (id === "j" ? { id } : null),
      deliveries: async (limit) => [{ id: "d", limit }],
    },
    startThread: (data: ThreadData) => {
      const worker = new Worker(new URL("./thread.ts", import.meta.url), { workerData: data });
      workers.push(worker);
      return worker;
    },
  });
  servers.push(server);
  return { server, base: `http://127.0.0.1:${server.port}`, dir, stored, workers, logs };
}

const labeled = (n: number) =>
  JSON.stringify({
    action: "labeled",
    label: { name: "booty" },
    issue: { number: n, title: `Issue ${n}`, body: null, labels: [{ name: "booty" }] },
    repository: { full_name: "octo/hello", name: "hello", owner: { login: "octo" } },
    sender: { login: "alice", type: "User" },
  });

/** One delivery on a connection of its own, so that the kernel spreads them over the threads. */
async function deliver(base: string, id: string, body = labeled(1)): Promise<number> {
  const headers = {
    "content-type": "application/json",
    "x-github-event": "issues",
    "x-github-delivery": id,
    "x-hub-signature-256": await sign(SECRET, body),
  };
  return new Promise((resolve, reject) => {
    const req = request(`${base}/webhooks/github`, { method: "POST", headers, agent: false }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("error", reject);
    req.end(body);
  });
}

/** This process's descriptors open on files in `dir`. */
function journalFds(dir: string): number {
  const real = realpathSync(dir);
  return readdirSync("/proc/self/fd").filter((fd) => {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`).startsWith(real);
    } catch {
      return false;
    }
  }).length;
}

async function until(ok: () => boolean, what: string, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe("intake threads", () => {
  test("deliveries are answered by every thread, each journaling its own, and all reach the store", async () => {
    const h = await start(2);
    const ids = Array.from({ length: 60 }, (_, i) => `d-${i}`);
    const statuses = await Promise.all(ids.map((id) => deliver(h.base, id)));
    assert.deepEqual(new Set(statuses), new Set([202]));
    await until(() => h.stored.length === ids.length, "everything is stored");
    assert.deepEqual(h.stored.map((r) => r.id).sort(), [...ids].sort());
    const threads = new Set(h.logs.filter((l) => l.msg === "delivery journaled").map((l) => l.intakeThread));
    assert.deepEqual(threads, new Set([0, 1]), "both threads answered, and their logs came through this logger");
    await h.server.close();
    assert.deepEqual(readdirSync(h.dir), [], "stored segments are deleted");
  });

  test("readiness and the jobs API are answered from the main thread", async () => {
    let down = false;
    const h = await start(1, { storeFails: () => down });
    try {
      const ready = await fetch(`${h.base}/readyz`);
      assert.deepEqual([ready.status, await ready.json()], [200, { status: "ready", backlog: 0 }]);
      down = true;
      assert.equal(await deliver(h.base, "d-kept"), 202);
      await until(() => h.server.backlog() === 1, "the delivery waits for the database");
      const notReady = await fetch(`${h.base}/readyz`);
      assert.deepEqual([notReady.status, await notReady.json()], [503, { status: "database unavailable", backlog: 1 }]);
      const auth = { authorization: "Bearer t0ken" };
      assert.deepEqual(await (await fetch(`${h.base}/api/jobs?limit=3`, { headers: auth })).json(), {
        jobs: [{ id: "j", limit: 3 }],
      });
      assert.equal((await fetch(`${h.base}/api/jobs/nope`, { headers: auth })).status, 404);
      assert.deepEqual(await (await fetch(`${h.base}/api/deliveries?limit=4`, { headers: auth })).json(), {
        deliveries: [{ id: "d", limit: 4 }],
      });
    } finally {
      down = false;
      await h.server.close();
    }
    assert.deepEqual(
      h.stored.map((r) => r.id),
      ["d-kept"],
    );
  });

  test("threads that die lose nothing they acknowledged, leave no open file, and are replaced", async () => {
    // The database is away: what the threads acknowledged is in their journals, and nowhere else.
    let down = true;
    const h = await start(2, { storeFails: () => down });
    const first = Array.from({ length: 30 }, (_, i) => `before-${i}`);
    assert.deepEqual(new Set(await Promise.all(first.map((id) => deliver(h.base, id)))), new Set([202]));
    assert.ok(journalFds(h.dir) > 0, "the threads hold their segments open");
    await Promise.all(h.workers.map((w) => w.terminate()));
    down = false;
    await until(() => first.every((id) => h.stored.some((r) => r.id === id)), "everything acknowledged is stored");
    // Frames sent here before the deaths are stored by the drain as well; the rest only by the replay,
    // which is retried (the database was away when the threads died) and stores their whole journals.
    await until(() => h.logs.some((l) => l.msg === "stored deliveries from a journal"), "the journals are replayed");
    assert.equal(h.logs.filter((l) => l.msg === "an intake thread stopped; starting another").length, 2);
    await until(() => h.workers.length === 4, "two new threads are started");
    let status = 0;
    // Until a new thread listens, a connection may be refused.
    while (status !== 202) status = await deliver(h.base, "after").catch(() => 0);
    await h.server.close();
    assert.ok(h.stored.some((r) => r.id === "after"));
    assert.deepEqual(readdirSync(h.dir), []);
    // Node closes the files a worker opened when it ends: no descriptor holds a deleted segment's space.
    assert.equal(journalFds(h.dir), 0);
    // Two replays listed the same segments: they took turns, and neither tripped over the other's deletes.
    assert.deepEqual(
      h.logs.filter((l) => /ENOENT|could not restart/.test(JSON.stringify(l))),
      [],
    );
  });

  test("a thread still busy at the close deadline is stopped, and what it acknowledged is stored", async () => {
    const h = await start(1, { closeTimeoutMs: 300 });
    assert.equal(await deliver(h.base, "kept"), 202);
    // A request whose body never ends keeps the thread's server open.
    const stuck = request(`${h.base}/webhooks/github`, {
      method: "POST",
      headers: { "content-length": "1000", "x-hub-signature-256": "sha256=00" },
    });
    stuck.on("error", () => {});
    stuck.write("{");
    await new Promise((r) => setTimeout(r, 50));
    const closing = h.server.close();
    assert.equal(h.server.close(), closing, "closing twice is closing once");
    await closing;
    stuck.destroy();
    assert.ok(h.stored.some((r) => r.id === "kept"));
    assert.deepEqual(readdirSync(h.dir), []);
    assert.ok(h.logs.some((l) => String(l.msg).startsWith("intake threads still busy at the close deadline")));
  });

  test("what the database did not take at close stays in the journal for the next start", async () => {
    let down = true;
    const h = await start(2, { storeFails: () => down });
    for (const id of ["k-1", "k-2", "k-3"]) assert.equal(await deliver(h.base, id), 202);
    await h.server.close();
    assert.ok(readdirSync(h.dir).length > 0, "segments kept");
    assert.deepEqual(h.stored, []);
    down = false;
    const next = await start(1, { dir: h.dir });
    assert.deepEqual(next.stored.map((r) => r.id).sort(), ["k-1", "k-2", "k-3"], "stored before it listens");
    await next.server.close();
    assert.deepEqual(readdirSync(h.dir), []);
  });

  test("a port another server holds is refused with a clear error, even one that shares ports", async () => {
    const h = await start(1);
    try {
      await assert.rejects(start(1, { port: h.server.port }), /cannot listen on 127\.0\.0\.1:\d+: .*EADDRINUSE/);
    } finally {
      await h.server.close();
    }
  });
});
