import assert from "node:assert/strict";
import { request } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, test } from "node:test";
import { sign } from "@octokit/webhooks-methods";
import { inlineChecker, verified } from "../intake/check/check.ts";
import { decodeFrame } from "../intake/journal/frame.ts";
import { silentLogger } from "../log/logger.ts";
import { type DeliveryRecord, jobIdFor } from "../queue/index.ts";
import { createApp } from "./app.ts";

const stored: DeliveryRecord[] = [];
let failWrites = false;
let failChecks = false;
const checker = inlineChecker({
  secrets: ["new-secret", "old-secret"],
  triggerLabel: "booty",
  allowedBots: [],
  repos: [],
});
const app = createApp({
  logger: silentLogger(),
  readiness: async () => ({ ready: !failWrites, backlog: stored.length }),
  webhook: {
    checker: {
      check: (input) => (failChecks ? Promise.reject(new Error("a fault in checking")) : checker.check(input)),
    },
    logger: silentLogger(),
    maxBodyBytes: 1024 * 1024,
    intake: {
      async append(frame) {
        if (failWrites) throw new Error("disk full");
        stored.push(decodeFrame(frame));
      },
    },
  },
  jobsApi: {
    token: "t0ken",
    reader: {
      list: async () => [{ id: "j" }],
      deliveries: async (limit) => [{ id: "d", limit }],
      get: async (id) => (id === "j" ? { id } : id === "ab12" ? { ambiguous: id, candidates: 3 } : null),
    },
  },
});
let base = "";
before(async () => {
  await new Promise<void>((r) => app.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
});
after(() => new Promise<void>((r) => app.close(() => r())));

const labeled = JSON.stringify({
  action: "labeled",
  label: { name: "booty" },
  issue: { number: 5, title: "Fix it", body: null, labels: [{ name: "booty" }] },
  repository: { full_name: "octo/hello", name: "hello", owner: { login: "octo" } },
  sender: { login: "alice", type: "User" },
});

async function post(body: string | Buffer, headers: Record<string, string>) {
  const res = await fetch(`${base}/webhooks/github`, { method: "POST", body, headers });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}
const signed = async (body: string, secret = "new-secret", more: Record<string, string> = {}) => ({
  "x-hub-signature-256": await sign(secret, body),
  "x-github-event": "issues",
  "x-github-delivery": `d-${Math.random().toString(36).slice(2)}`,
  "content-type": "application/json",
  ...more,
});

describe("webhook intake", () => {
  test("the documented test vector verifies", async () => {
    const sig = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";
    assert.equal(await verified(["It's a Secret to Everybody"], Buffer.from("Hello, World!"), sig), "Hello, World!");
    assert.equal(await verified(["wrong"], Buffer.from("Hello, World!"), sig), null);
  });

  test("a signed trigger is stored with its job and answered 202; an old secret still verifies", async () => {
    for (const secret of ["new-secret", "old-secret"]) {
      const headers = await signed(labeled, secret);
      const res = await post(labeled, headers);
      assert.equal(res.status, 202);
      assert.equal(res.body.outcome, "accepted");
      assert.equal(res.body.job, jobIdFor(headers["x-github-delivery"]), "the answer names the job to be created");
      const last = stored.at(-1);
      assert.equal(last?.id, headers["x-github-delivery"]);
      assert.equal(last?.payload, labeled);
      assert.deepEqual(
        { repo: last?.job?.repo, issue: last?.job?.issueNumber, actor: last?.job?.actor },
        { repo: "octo/hello", issue: 5, actor: "alice" },
      );
    }
  });

  test("missing or wrong signature is 401, kept as refused with why, and never under the id it claims", async () => {
    const before = stored.length;
    const headers = await signed(labeled);
    assert.equal((await post(labeled, { ...headers, "x-hub-signature-256": "" })).status, 401);
    assert.equal((await post(labeled, await signed(labeled, "someone-else"))).status, 401);
    assert.equal((await post(`${labeled} `, headers)).status, 401, "one byte changed");
    const kept = stored.slice(before);
    assert.deepEqual(
      kept.map((r) => r.outcome),
      [
        "refused: missing X-Hub-Signature-256",
        "refused: signature does not match",
        "refused: signature does not match",
      ],
    );
    assert.deepEqual(
      [kept[0]?.claimedId, kept[2]?.claimedId],
      [headers["x-github-delivery"], headers["x-github-delivery"]],
    );
    assert.ok(kept.every((r) => r.id.startsWith("refused-") && r.payload === "" && r.job === null));
  });

  test("missing event or delivery headers, bad JSON or an unreadable shape is 400", async () => {
    const noEvent = await signed(labeled);
    delete (noEvent as Record<string, string>)["x-github-event"];
    assert.equal((await post(labeled, noEvent)).status, 400);
    const noDelivery = await signed(labeled);
    delete (noDelivery as Record<string, string>)["x-github-delivery"];
    assert.equal((await post(labeled, noDelivery)).status, 400);
    assert.equal((await post("{not json", await signed("{not json"))).status, 400);
    const bad = JSON.stringify({ action: "labeled", issue: { number: -1 } });
    assert.equal((await post(bad, await signed(bad))).status, 400);
  });

  test("other events are acknowledged and stored as ignored", async () => {
    const ping = JSON.stringify({ zen: "Keep it logically awesome." });
    const res = await post(ping, await signed(ping, "new-secret", { "x-github-event": "ping" }));
    assert.equal(res.status, 202);
    assert.match(String(res.body.outcome), /^ignored/);
    assert.equal(stored.at(-1)?.job, null);
    assert.equal(stored.at(-1)?.payload, "", "ignored payloads are not kept");
  });

  test("a body over the cap is 413, by Content-Length or while streaming", async () => {
    const big = Buffer.alloc(1024 * 1024 + 1, 0x20);
    const headers = await signed("x");
    assert.equal((await post(big, headers)).status, 413);
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${base}/webhooks/github`, { method: "POST", headers }, (res) =>
        resolve(res.statusCode ?? 0),
      );
      req.on("error", reject);
      // Chunked, no Content-Length: the server must stop reading by itself.
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      let sent = 0;
      const pump = () => {
        while (sent < 4 * 1024 * 1024) {
          sent += chunk.length;
          if (!req.write(chunk)) return void req.once("drain", pump);
        }
        req.end();
      };
      pump();
    });
    assert.equal(status, 413);
  });

  test("a store failure is 503 (GitHub can redeliver); readyz follows the database", async () => {
    assert.equal((await fetch(`${base}/healthz`)).status, 200);
    const ready = await fetch(`${base}/readyz`);
    assert.deepEqual([ready.status, await ready.json()], [200, { status: "ready", backlog: stored.length }]);
    failWrites = true;
    try {
      assert.equal((await post(labeled, await signed(labeled))).status, 503);
      assert.equal((await fetch(`${base}/readyz`)).status, 503);
      assert.equal((await fetch(`${base}/healthz`)).status, 200);
    } finally {
      failWrites = false;
    }
  });

  test("a delivery that could not be checked gets 503, so that GitHub can redeliver it", async () => {
    const before = stored.length;
    failChecks = true;
    try {
      const res = await post(labeled, await signed(labeled, "new-secret", { "x-github-delivery": "d-lost" }));
      assert.deepEqual([res.status, res.body], [503, { error: "could not check the delivery; redeliver it later" }]);
      assert.equal(stored.length, before, "nothing was stored");
    } finally {
      failChecks = false;
    }
  });

  test("the jobs API needs the token", async () => {
    assert.equal((await fetch(`${base}/api/jobs`)).status, 404);
    const auth = { authorization: "Bearer t0ken" };
    assert.deepEqual(await (await fetch(`${base}/api/jobs`, { headers: auth })).json(), { jobs: [{ id: "j" }] });
    assert.equal((await fetch(`${base}/api/jobs/j`, { headers: auth })).status, 200);
    assert.equal((await fetch(`${base}/api/jobs/nope`, { headers: auth })).status, 404);
    assert.deepEqual(await (await fetch(`${base}/api/deliveries?limit=7`, { headers: auth })).json(), {
      deliveries: [{ id: "d", limit: 7 }],
    });
    assert.equal((await fetch(`${base}/api/deliveries`)).status, 404, "deliveries need the token too");
    const ambiguous = await fetch(`${base}/api/jobs/ab12`, { headers: auth });
    assert.equal(ambiguous.status, 409);
    assert.deepEqual(await ambiguous.json(), { ambiguous: "ab12", candidates: 3 });
    assert.equal((await fetch(`${base}/api/jobs/%E0%A4%A`, { headers: auth })).status, 404, "a bad escape is no 500");
  });
});
