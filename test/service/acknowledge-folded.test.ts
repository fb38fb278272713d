/** A review folded into its pull request's queued job is acknowledged like the one that made the job. */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { sign } from "@octokit/webhooks-methods";
import { createGitHubForge } from "../../src/forge/index.ts";
import { checkDelivery } from "../../src/intake/check/check.ts";
import { decodeFrame } from "../../src/intake/journal/frame.ts";
import { silentLogger } from "../../src/log/logger.ts";
import { openStore, type PgStore } from "../../src/queue/db/open-store.ts";
import { FOLDED_OUTCOME } from "../../src/queue/index.ts";
import { createAcknowledger } from "../../src/service/acknowledge.ts";
import { createIssueLock } from "../../src/service/issue-lock.ts";
import { type Emulator, startGitHubEmulator } from "../support/github-emulator/index.ts";
import { reviewCommentPayload } from "./support/review-webhooks.ts";
import { until } from "./support/webhooks.ts";

const where = { owner: "octo", repo: "app" };
let emulator: Emulator;
let store: PgStore;
const dir = mkdtempSync(join(tmpdir(), "booty-ack-"));

before(async () => {
  emulator = await startGitHubEmulator();
  await emulator.createRepo({ ...where, files: { "app.py": "x = 1\ny = 2\n" } });
  await emulator.commit({ ...where, branch: "booty/issue-1", files: { "app.py": "x = 1\ny = 3\n" } });
  emulator.setPermission("octo", "app", "alice", "write");
  store = await openStore({ dataDir: dir, logger: silentLogger() });
  await store.dispatcher.stop();
});
after(async () => {
  await store?.close();
  await emulator?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function asDelivered(payload: unknown, deliveryId: string) {
  const body = JSON.stringify(payload);
  const rules = { secrets: ["s"], triggerLabel: "booty", allowedBots: [], repos: [] };
  const decision = await checkDelivery(
    { body: Buffer.from(body), signature: await sign("s", body), event: "pull_request_review_comment", deliveryId },
    rules,
  );
  if (decision.status !== 202) assert.fail(decision.error);
  return decodeFrame(Buffer.from(decision.frame));
}

test("an 👀 on each /booty review comment, the folded one too; none on a comment that asked nothing", async () => {
  const pull = emulator.openPull({ ...where, head: "booty/issue-1", author: "booty-bot", title: "Fix" }).number;
  const say = (body: string) =>
    emulator.addReviewComment({ ...where, pull, author: "alice", body, path: "app.py", line: 2 });
  const asked = await say("/booty rename y");
  const more = await say("/booty and x");
  const chat = await say("nice");
  const records = await Promise.all(
    [asked, more, chat].map((c, i) =>
      asDelivered(
        reviewCommentPayload({
          ...where,
          pull: { number: pull, headRef: "booty/issue-1" },
          comment: { id: c.id, author: "alice", body: c.body, path: "app.py", line: 2 },
        }),
        `d-${i}`,
      ),
    ),
  );
  const results = await store.storeDeliveries(records);
  assert.deepEqual(
    results.map((r) => r.outcome),
    ["queued", FOLDED_OUTCOME, "ignored: review comment is not a /booty command"],
  );
  const forge = createGitHubForge({
    apiUrl: emulator.url,
    auth: { kind: "token", token: emulator.issueToken({ login: "booty-bot" }) },
    logger: silentLogger(),
    throttle: false,
  });
  const acknowledge = createAcknowledger({
    forge,
    logger: silentLogger(),
    branchPrefix: "booty/",
    lock: createIssueLock(),
  });
  acknowledge(store, records, results);
  const eyes = (id: number) =>
    emulator
      .reactions("octo", "app", { kind: "review_comment", id })
      .filter((r) => r.content === "eyes")
      .map((r) => r.user);
  await until("both requests to get an 👀", async () => eyes(asked.id).length > 0 && eyes(more.id).length > 0);
  assert.deepEqual([eyes(asked.id), eyes(more.id), eyes(chat.id)], [["booty-bot"], ["booty-bot"], []]);
});
