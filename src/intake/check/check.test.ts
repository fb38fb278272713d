import assert from "node:assert/strict";
import { test } from "node:test";
import { sign } from "@octokit/webhooks-methods";
import { jobIdFor } from "../../queue/index.ts";
import { decodeFrame } from "../journal/frame.ts";
import { type CheckRules, checkDelivery, inlineChecker } from "./check.ts";

const rules: CheckRules = { secrets: ["s3cret"], triggerLabel: "booty", allowedBots: [], repos: [] };
const labeled = JSON.stringify({
  action: "labeled",
  label: { name: "booty" },
  issue: { number: 7, title: "Fix ünïcode", body: null, labels: [{ name: "booty" }] },
  repository: { full_name: "octo/hello", name: "hello", owner: { login: "octo" } },
  sender: { login: "alice", type: "User" },
});
const input = async (text: string, over: Partial<{ event: string; deliveryId: string; secret: string }> = {}) => ({
  body: new Uint8Array(Buffer.from(text)),
  signature: await sign(over.secret ?? "s3cret", text),
  event: over.event ?? "issues",
  deliveryId: over.deliveryId ?? "d-7",
});

const checker = inlineChecker(rules);

test("a trigger becomes a journal record with its job, and refusals say why", async () => {
  const decision = await checker.check(await input(labeled));
  assert.equal(decision.status, 202);
  if (decision.status !== 202) return;
  assert.equal(decision.jobId, jobIdFor("d-7"));
  const record = decodeFrame(Buffer.from(decision.frame));
  assert.deepEqual(
    [record.id, record.outcome, record.payload, record.job?.issueNumber, record.job?.actor],
    ["d-7", "queued", labeled, 7, "alice"],
  );
  assert.equal(record.sender, "alice");
  assert.ok(Date.parse(record.receivedAt ?? "") > 0, "it says when it arrived");
  const refusals = [
    [await input(labeled, { secret: "other" }), 401, "signature does not match", "d-7"],
    [await input("{nope"), 400, "body is not JSON", "d-7"],
    [await input(labeled, { deliveryId: "bad id!" }), 400, "missing X-GitHub-Delivery", null],
  ] as const;
  for (const [given, status, error, claimed] of refusals) {
    const refused = await checker.check(given);
    assert.deepEqual([refused.status, refused.status !== 202 && refused.error], [status, error]);
    // Kept with why, under an id of its own: a forged delivery cannot take the id of a real one.
    const kept = decodeFrame(Buffer.from(refused.frame));
    assert.deepEqual([kept.outcome, kept.claimedId, kept.job, kept.payload], [`refused: ${error}`, claimed, null, ""]);
    assert.match(kept.id, /^refused-[0-9a-f-]{36}$/);
  }
  const many = await Promise.all(
    Array.from({ length: 50 }, async (_, i) => checker.check(await input(labeled, { deliveryId: `d-${i}` }))),
  );
  assert.deepEqual(
    many.map((d) => d.status === 202 && d.jobId),
    Array.from({ length: 50 }, (_, i) => jobIdFor(`d-${i}`)),
    "answers are matched to their requests",
  );
});

test("an ignored event keeps no payload", async () => {
  const ping = JSON.stringify({ zen: "Design for failure.", repository: { full_name: "octo/hello" } });
  const decision = await checkDelivery(await input(ping, { event: "ping" }), rules);
  assert.equal(decision.status, 202);
  if (decision.status !== 202) return;
  const record = decodeFrame(Buffer.from(decision.frame));
  assert.deepEqual([record.payload, record.job, record.repo], ["", null, "octo/hello"]);
  assert.match(record.outcome, /^ignored/);
});

test("an ignored issues event keeps its action and repository for the delivery log", async () => {
  const closed = JSON.stringify({ ...JSON.parse(labeled), action: "closed" });
  const decision = await checkDelivery(await input(closed), rules);
  assert.equal(decision.status, 202);
  if (decision.status !== 202) return;
  const record = decodeFrame(Buffer.from(decision.frame));
  assert.deepEqual([record.action, record.repo, record.job], ["closed", "octo/hello", null]);
  assert.equal(record.outcome, "ignored: issues.closed is not a trigger");
});
