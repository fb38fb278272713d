import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { encodeRecord } from "../../src/intake/journal/frame.ts";
import { openIntake } from "../../src/intake/journal/intake.ts";
import { silentLogger } from "../../src/log/logger.ts";
import { insertDeliveries } from "../../src/queue/db/deliveries.ts";
import { finishJob, listRuns, recordAttempt } from "../../src/queue/db/jobs.ts";
import type { NewJob } from "../../src/queue/index.ts";
import { backends, openTestStore } from "./support/backends.ts";
import { delivery, newJob } from "./support/deliveries.ts";

for (const backend of await backends()) {
  describe(`queue store on ${backend.name}`, () => {
    test("stores each delivery once; a redelivery writes nothing and reports the first outcome", async () => {
      const store = await openTestStore(backend);
      try {
        const job = newJob(1);
        const [first] = await store.db.transaction((tx) => insertDeliveries(tx, [delivery("d-1", job)]));
        assert.deepEqual(first, {
          deliveryId: "d-1",
          duplicate: false,
          redelivery: false,
          outcome: "queued",
          jobId: job.id,
        });
        const [again] = await store.db.transaction((tx) => insertDeliveries(tx, [delivery("d-1", newJob(1))]));
        assert.equal(again?.duplicate, true);
        assert.equal(again?.jobId, job.id);
        const { rows } = await store.db.query<{ n: number }>("SELECT count(*)::int AS n FROM booty.jobs");
        assert.equal(rows[0]?.n, 1);
      } finally {
        await store.close();
      }
    });

    test("text PostgreSQL refuses (half an emoji, NUL) does not stop a batch, nor a run's record", async () => {
      const store = await openTestStore(backend);
      try {
        const odd = `unknown command: /booty ${"x".repeat(10)}\ud83d and\0 more`;
        const job = { ...newJob(9), title: "title \udc00 cut" };
        await store.storeDeliveries([{ ...delivery("d-odd", null), outcome: odd }, delivery("d-next", job)]);
        const { rows } = await store.db.query<{ id: string; outcome: string }>(
          "SELECT id, outcome FROM booty.deliveries ORDER BY id",
        );
        assert.deepEqual(
          rows.map((r) => r.id),
          ["d-next", "d-odd"],
        );
        assert.equal(rows[1]?.outcome, `unknown command: /booty ${"x".repeat(10)}\ufffd and\ufffd more`);
        await recordAttempt(store.db, {
          jobId: job.id,
          attempt: 1,
          startedAt: new Date(),
          finishedAt: new Date(),
          status: "failed",
          error: { message: "tests print \0 and \ud83d" },
          report: {
            status: "failed",
            verified: false,
            timings: { verify: 1 },
            usage: {},
            summary: "fix: \ud83d",
          } as never,
        });
        await store.db.transaction((tx) => finishJob(tx, job.id, { state: "failed", error: "half \ud83d" }));
        assert.equal((await listRuns(store.db, job.id))[0]?.error, "tests print \ufffd and \ufffd");
      } finally {
        await store.close();
      }
    });

    test("a delivery the database refuses is kept as its id alone; the others of its batch are stored", async () => {
      const store = await openTestStore(backend);
      const dir = mkdtempSync(join(tmpdir(), "booty-intake-"));
      try {
        const intake = await openIntake({
          dir,
          store: async (records) => void (await store.storeDeliveries(records)),
          logger: silentLogger(),
          idleMs: 10_000,
        });
        const huge = { ...newJob(1), issueNumber: 3_000_000_000 }; // past the column's int range
        await intake.append(encodeRecord(delivery("d-a", newJob(2))));
        await intake.append(encodeRecord(delivery("d-huge", huge)));
        await intake.append(encodeRecord(delivery("d-b", null)));
        await intake.close();
        const { rows } = await store.db.query<{ id: string; outcome: string }>(
          "SELECT id, outcome FROM booty.deliveries ORDER BY id",
        );
        assert.deepEqual(
          rows.map((r) => [r.id, r.outcome]),
          [
            ["d-a", "queued"],
            ["d-b", "ignored: ping"],
            ["d-huge", "not stored: the database refused it"],
          ],
        );
        assert.deepEqual(readdirSync(dir), [], "nothing left in the journal to block the next start");
      } finally {
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      }
    });

    test("an issue with a queued job gets no second one, in the same batch or a later one", async () => {
      const store = await openTestStore(backend);
      try {
        const results = await store.db.transaction((tx) =>
          insertDeliveries(tx, [delivery("a", newJob(7)), delivery("b", newJob(7)), delivery("c", newJob(8))]),
        );
        assert.deepEqual(
          results.map((r) => r.jobId !== null),
          [true, false, true],
        );
        assert.match(results[1]?.outcome ?? "", /already has a queued or running job/);
        const [later] = await store.db.transaction((tx) => insertDeliveries(tx, [delivery("d", newJob(7))]));
        assert.equal(later?.jobId, null);
        await store.db.query("UPDATE booty.jobs SET state = 'failed' WHERE issue_number = 7");
        const [retry] = await store.db.transaction((tx) => insertDeliveries(tx, [delivery("e", newJob(7))]));
        assert.notEqual(retry?.jobId, null, "a failed job does not block a retry");
      } finally {
        await store.close();
      }
    });

    test("a job that ends denied hands the issue to the oldest request made meanwhile; one that ran does not", async () => {
      const store = await openTestStore(backend);
      const as = (actor: string, issueNumber = 11): NewJob => ({ ...newJob(issueNumber), actor });
      const end = (id: string, state: "denied" | "succeeded") =>
        store.db.transaction((tx) => finishJob(tx, id, { state }));
      const outcomeOf = async (id: string) =>
        (
          await store.db.query<{ outcome: string; job_id: string | null; waiting: boolean }>(
            "SELECT outcome, job_id, waiting_job IS NOT NULL AS waiting FROM booty.deliveries WHERE id = $1",
            [id],
          )
        ).rows[0];
      try {
        const [mallory, alice, bob] = [as("mallory"), as("alice"), as("bob")];
        await store.storeDeliveries([delivery("w-1", mallory), delivery("w-12", as("dave", 12))]);
        // In one batch, the first to arrive waits first, whatever the ids say.
        await store.storeDeliveries([
          delivery("w-2", alice),
          delivery("w-1b", bob),
          delivery("w-other", as("carol", 12)),
        ]);
        assert.deepEqual(await outcomeOf("w-2"), {
          outcome: "ignored: the issue already has a queued or running job",
          job_id: null,
          waiting: true,
        });

        assert.equal(await end(mallory.id, "denied"), alice.id, "alice's label becomes the issue's job");
        assert.deepEqual(await outcomeOf("w-2"), { outcome: "queued", job_id: alice.id, waiting: false });
        const { rows } = await store.db.query<{ state: string; actor: string; delivery_id: string }>(
          "SELECT state, actor, delivery_id FROM booty.jobs WHERE id = $1",
          [alice.id],
        );
        assert.deepEqual(rows[0], { state: "queued", actor: "alice", delivery_id: "w-2" });
        assert.deepEqual(await outcomeOf("w-1b"), {
          outcome: "ignored: the issue already has a queued or running job",
          job_id: null,
          waiting: true,
        });

        assert.equal(await end(alice.id, "succeeded"), null);
        assert.equal((await outcomeOf("w-1b"))?.waiting, false, "a request made during a job that ran is settled");
        assert.equal((await outcomeOf("w-other"))?.waiting, true, "another issue's request is left alone");
        const [later] = await store.storeDeliveries([delivery("w-4", as("mallory"))]);
        assert.equal(await end(later?.jobId ?? "", "denied"), null, "bob's settled request is not revived");
      } finally {
        await store.close();
      }
    });

    test("the same delivery posted 10 times concurrently makes one job", async () => {
      const store = await openTestStore(backend);
      try {
        const results = await Promise.all(
          Array.from({ length: 10 }, () => store.storeDeliveries([delivery("same", newJob(3))])),
        );
        assert.equal(results.filter(([r]) => !r?.duplicate).length, 1);
        assert.equal(new Set(results.map(([r]) => r?.jobId)).size, 1);
        const { rows } = await store.db.query<{ n: number }>("SELECT count(*)::int AS n FROM booty.jobs");
        assert.equal(rows[0]?.n, 1);
      } finally {
        await store.close();
      }
    });

    test("a batch of deliveries is stored at once and every job reaches pg-boss", async () => {
      const store = await openTestStore(backend);
      try {
        const jobs = Array.from({ length: 60 }, (_, i) => newJob(100 + i));
        const results = await store.storeDeliveries(jobs.map((j, i) => delivery(`burst-${i}`, j)));
        assert.equal(results.filter((r) => r.jobId).length, 60);
        for (let i = 0; i < 50; i++) {
          const { rows } = await store.db.query<{ n: number }>(
            "SELECT count(*)::int AS n FROM booty.jobs WHERE NOT dispatched",
          );
          if (rows[0]?.n === 0) break;
          await new Promise((r) => setTimeout(r, 100));
        }
        const found = await store.boss.getJobById("booty-issue", jobs[59]?.id ?? "");
        assert.equal(found?.state, "created");
      } finally {
        await store.close();
      }
    });
  });
}
