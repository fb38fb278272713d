/** A captured signed body replayed under a new delivery id, or a trigger delivered twice, makes one job. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { sign } from "@octokit/webhooks-methods";
import { checkDelivery } from "../../src/intake/check/check.ts";
import { decodeFrame } from "../../src/intake/journal/frame.ts";
import { finishJob } from "../../src/queue/db/jobs.ts";
import { backends, openTestStore } from "./support/backends.ts";
import { labeledPayload } from "./support/webhooks.ts";

const rules = { secrets: ["s"], triggerLabel: "booty", allowedBots: [], repos: [] };

async function record(event: string, payload: unknown, deliveryId: string) {
  const body = JSON.stringify(payload);
  const decision = await checkDelivery(
    { body: Buffer.from(body), signature: await sign("s", body), event, deliveryId },
    rules,
  );
  assert.equal(decision.status, 202);
  if (decision.status !== 202) throw new Error("refused");
  return decodeFrame(Buffer.from(decision.frame));
}

const comment = (id: number, body = "/booty") => ({
  ...labeledPayload({ owner: "octo", repo: "calc", number: 5, title: "t", sender: "alice" }),
  action: "created",
  comment: { id, body, user: { login: "alice", type: "User" } },
});

for (const backend of await backends()) {
  describe(`replays on ${backend.name}`, () => {
    test("the same signed label event under a new delivery id, after its job ended, creates no job", async () => {
      const store = await openTestStore(backend);
      try {
        const payload = labeledPayload({ owner: "octo", repo: "calc", number: 5, title: "t", sender: "alice" });
        const [first] = await store.storeDeliveries([await record("issues", payload, "d-1")]);
        assert.ok(first?.jobId);
        await store.db.transaction((tx) => finishJob(tx, first.jobId as string, { state: "succeeded" }));
        // Replayed later, and twice within one batch.
        const replayed = await store.storeDeliveries([
          await record("issues", payload, "d-2"),
          await record("issues", payload, "d-3"),
        ]);
        assert.deepEqual(
          replayed.map((r) => [r.jobId, r.outcome]),
          [
            [null, "ignored: a replay of delivery d-1"],
            [null, "ignored: a replay of delivery d-2"],
          ],
        );
        // A new label event on the same issue (GitHub moves updated_at) is a new trigger.
        const again = labeledPayload({ owner: "octo", repo: "calc", number: 5, title: "t", sender: "alice" });
        const [fresh] = await store.storeDeliveries([await record("issues", again, "d-4")]);
        assert.equal(fresh?.outcome, "queued");
        const { rows } = await store.db.query<{ n: number }>("SELECT count(*)::int AS n FROM booty.jobs");
        assert.equal(rows[0]?.n, 2);
      } finally {
        await store.close();
      }
    });

    test("a /booty comment is one trigger however often it is delivered, even while its issue is busy", async () => {
      const store = await openTestStore(backend);
      try {
        const [first] = await store.storeDeliveries([await record("issue_comment", comment(101), "c-1")]);
        assert.equal(first?.outcome, "queued");
        const [replay] = await store.storeDeliveries([await record("issue_comment", comment(101), "c-2")]);
        assert.equal(replay?.outcome, "ignored: a replay of delivery c-1");
        const { rows } = await store.db.query<{ n: number }>(
          "SELECT count(*)::int AS n FROM booty.deliveries WHERE waiting_job IS NOT NULL",
        );
        assert.equal(rows[0]?.n, 0, "a replay does not wait for the issue to be free either");
        const [other] = await store.storeDeliveries([await record("issue_comment", comment(102), "c-3")]);
        assert.match(other?.outcome ?? "", /already has a queued or running job/);
      } finally {
        await store.close();
      }
    });
  });
}
