import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
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
  o: { storeFails?: () => boolean; port?: number; dir?: string } = {},
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
    logger: createLogger({ level: "info", destination, secrets: [SECRET] }),
    idleMs: 5,
    maxDelayMs: 50,
    store: async (records) => {
      if (o.storeFails?.()) throw new Error("database down");
      stored.push(...records);
    },
    databaseReady: async () => !o.storeFails?.(),
    reader: { list: async (limit) => [{ id: "j", limit }], get: async (id) => (id === "j" ? { id } : null) },
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
    const threads = new Set(h.logs.filter((l) => l.msg === "delivery accepted").map((l) => l.intakeThread));
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
    } finally {
      down = false;
      await h.server.close();
    }
    assert.deepEqual(
      h.stored.map((r) => r.id),
      ["d-kept"],
    );
  });

  test("a thread that dies loses nothing it acknowledged, and another takes its place", async () => {
    const h = await start(1);
    const first = Array.from({ length: 20 }, (_, i) => `before-${i}`);
    for (const id of first) assert.equal(await deliver(h.base, id), 202);
    // At once, before the thread sends its frames here: they are only in its journal now.
    await h.workers[0]?.terminate();
    await until(() => first.every((id) => h.stored.some((r) => r.id === id)), "the dead thread's journal is stored");
    await until(() => h.workers.length === 2, "a new thread is started");
    await until(() => h.logs.some((l) => l.msg === "an intake thread stopped; starting another"), "it is logged");
    let status = 0;
    // Until the new thread listens, a connection may be refused.
    for (let i = 0; i < 50 && status !== 202; i++) {
      status = await deliver(h.base, "after").catch(() => 0);
      if (status !== 202) await new Promise((r) => setTimeout(r, 20));
    }
    assert.equal(status, 202);
    await h.server.close();
    assert.ok(h.stored.some((r) => r.id === "after"));
    assert.deepEqual(readdirSync(h.dir), []);
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
