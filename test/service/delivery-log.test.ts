import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { describe, test } from "node:test";
import { listDeliveries } from "../../src/queue/db/delivery-log.ts";
import { MAX_REFUSED } from "../../src/queue/db/redeliveries.ts";
import { backends, openTestStore } from "./support/backends.ts";
import { delivery, newJob } from "./support/deliveries.ts";

for (const backend of await backends()) {
  describe(`the delivery log on ${backend.name}`, () => {
    test("a redelivery is counted on the delivery; the journal replayed after a crash is not", async () => {
      const store = await openTestStore(backend);
      try {
        const job = newJob(2);
        const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s)).toISOString();
        const sent = { ...delivery("d-2", job), sender: "alice", receivedAt: at(1) };
        await store.storeDeliveries([sent]);
        const replayed = await store.storeDeliveries([sent]);
        assert.deepEqual([replayed[0]?.duplicate, replayed[0]?.redelivery], [true, false], "the same receipt");
        // GitHub's Redeliver, twice in one batch and once more later; then that last receipt replayed.
        const again = await store.storeDeliveries([
          { ...sent, receivedAt: at(5) },
          { ...sent, receivedAt: at(6) },
        ]);
        assert.deepEqual(
          again.map((r) => [r.redelivery, r.jobId]),
          [
            [true, job.id],
            [true, job.id],
          ],
        );
        await store.storeDeliveries([{ ...sent, receivedAt: at(9) }]);
        assert.equal((await store.storeDeliveries([{ ...sent, receivedAt: at(9) }]))[0]?.redelivery, false);
        const [listed] = await listDeliveries(store.db, 10);
        assert.deepEqual(listed, {
          id: "d-2",
          event: "issues",
          action: "labeled",
          repo: "octo/repo",
          sender: "alice",
          outcome: "accepted",
          reason: null,
          jobId: job.id,
          receivedAt: at(1),
          redeliveries: 3,
          lastRedeliveredAt: at(9),
        });
      } finally {
        await store.close();
      }
    });

    test("refused deliveries are listed with why, under the id they claimed, and only the latest are kept", async () => {
      const store = await openTestStore(backend);
      try {
        const refused = (i: number) => ({
          id: `refused-${randomUUID()}`,
          event: "issues",
          action: null,
          repo: null,
          sender: null,
          receivedAt: new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString(),
          claimedId: `forged-${i}`,
          outcome: "refused: signature does not match",
          payload: "",
          job: null,
        });
        await store.storeDeliveries([delivery("d-real", null)]);
        await store.storeDeliveries(Array.from({ length: MAX_REFUSED + 5 }, (_, i) => refused(i)));
        const listed = await listDeliveries(store.db, 2000);
        const kept = listed.filter((d) => d.outcome === "refused");
        assert.equal(kept.length, MAX_REFUSED, "a flood of forgeries cannot fill the disk");
        assert.deepEqual(
          [kept[0]?.id, kept[0]?.reason, kept.at(-1)?.id],
          [`forged-${MAX_REFUSED + 4}`, "signature does not match", "forged-5"],
        );
        const ignored = listed.find((d) => d.id === "d-real");
        assert.deepEqual([ignored?.outcome, ignored?.reason], ["ignored", "ping"], "the rest are all kept");
      } finally {
        await store.close();
      }
    });
  });
}
