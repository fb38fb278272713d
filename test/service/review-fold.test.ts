/** How the store folds reviews of one pull request into its queued review job, and hands on after a denial. */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { describe, test } from "node:test";
import type { Sql } from "../../src/queue/db/database.ts";
import { insertDeliveries } from "../../src/queue/db/deliveries.ts";
import { finishJob, foldedPayloads, startAttempt, undispatchedJobs } from "../../src/queue/db/jobs.ts";
import { migrate } from "../../src/queue/db/schema.ts";
import type { DeliveryRecord, NewJob } from "../../src/queue/index.ts";
import { backends, openTestStore } from "./support/backends.ts";

const review = (id: string, pr: number, actor = "alice"): DeliveryRecord => {
  const job: NewJob = {
    id: randomUUID(),
    repo: "octo/calc",
    issueNumber: pr,
    title: `pr ${pr}`,
    actor,
    command: "review",
    installationId: null,
  };
  return {
    id,
    event: "pull_request_review",
    action: "submitted",
    repo: job.repo,
    sender: actor,
    outcome: "queued",
    payload: `{"id":"${id}"}`,
    job,
    triggerKey: `octo/calc#${pr}:review:${id}`,
  };
};

for (const backend of await backends()) {
  describe(`folding reviews on ${backend.name}`, () => {
    test("in one batch and later: one queued job per pull request takes every review until it starts", async () => {
      const store = await openTestStore(backend);
      try {
        await store.dispatcher.stop();
        const [a, b, c] = await store.storeDeliveries([review("a", 7), review("b", 7), review("c", 8)]);
        const j1 = a?.jobId ?? assert.fail("no job");
        assert.deepEqual(
          [b?.jobId, b?.outcome, c?.outcome],
          [j1, "folded into the queued review job of its pull request", "queued"],
        );
        const [d] = await store.storeDeliveries([review("d", 7)]);
        assert.equal(d?.jobId, j1, "folded while the job has not started");
        // Once it has started, the next review makes the pull request's next job, held back from the queue.
        await startAttempt(store.db, j1);
        const [e, f] = await store.storeDeliveries([review("e", 7), review("f", 7)]);
        const j2 = e?.jobId ?? assert.fail("no next job");
        assert.notEqual(j2, j1);
        assert.equal(f?.jobId, j2);
        assert.ok(!(await undispatchedJobs(store.db, 10)).includes(j2), "held while j1 has started");
        // A retry puts j1 back in the queue: it still holds the pull request.
        await store.db.query("UPDATE booty.jobs SET state = 'queued' WHERE id = $1", [j1]);
        assert.ok(!(await undispatchedJobs(store.db, 10)).includes(j2));
        await assert.rejects(startAttempt(store.db, j2), /another review job on this pull request has started/);
        await store.db.transaction((tx) => finishJob(tx, j1, { state: "succeeded" }));
        assert.ok((await undispatchedJobs(store.db, 10)).includes(j2), "released when j1 ends");
        const log = await store.listDeliveries(10);
        assert.deepEqual(
          log
            .filter((x) => x.jobId === j1)
            .map((x) => [x.id, x.outcome, x.reason])
            .sort(),
          [
            ["a", "accepted", null],
            ["b", "accepted", "folded into the queued review job of its pull request"],
            ["d", "accepted", "folded into the queued review job of its pull request"],
          ],
        );
      } finally {
        await store.close();
      }
    });

    test("a queued review job that ends denied hands on to the oldest review folded into it, with the rest", async () => {
      const store = await openTestStore(backend);
      try {
        await store.dispatcher.stop();
        const [a, b, c] = await store.storeDeliveries([
          review("a", 7, "reader"),
          review("b", 7, "maintainer"),
          review("c", 7, "other"),
        ]);
        const j1 = a?.jobId ?? assert.fail("no job");
        assert.deepEqual([b?.jobId, c?.jobId], [j1, j1]);
        await startAttempt(store.db, j1);
        const next = await store.db.transaction((tx) => finishJob(tx, j1, { state: "denied" }));
        const made = (await store.listJobs()).find((j) => j.id === next);
        assert.deepEqual([made?.actor, made?.command, made?.state], ["maintainer", "review", "queued"]);
        const log = await store.listDeliveries(10);
        assert.deepEqual(log.map((x) => [x.id, x.jobId === next, x.reason]).sort(), [
          ["a", false, null],
          ["b", true, null],
          ["c", true, "folded into the queued review job of its pull request"],
        ]);
      } finally {
        await store.close();
      }
    });

    test("a review delivered again under a new delivery id is a replay, not a folded review", async () => {
      const store = await openTestStore(backend);
      try {
        await store.dispatcher.stop();
        const first = review("r-1", 7);
        const again = { ...review("r-2", 7), triggerKey: first.triggerKey };
        const [a] = await store.storeDeliveries([first]);
        const [b] = await store.storeDeliveries([again]);
        assert.equal(a?.outcome, "queued");
        assert.deepEqual([b?.outcome, b?.jobId], ["ignored: a replay of delivery r-1", null]);
      } finally {
        await store.close();
      }
    });

    test("a database made before review jobs gets the new index in place of the old one at the next start", async () => {
      const store = await openTestStore(backend);
      try {
        await store.db.query(
          `CREATE UNIQUE INDEX jobs_one_active_per_issue ON booty.jobs (repo, issue_number)
           WHERE state IN ('queued', 'running')`,
        );
        await migrate(store.db);
        const { rows } = await store.db.query<{ indexname: string }>(
          "SELECT indexname FROM pg_indexes WHERE schemaname = 'booty' AND indexname LIKE 'jobs_one_active%'",
        );
        assert.deepEqual(
          rows.map((r) => r.indexname),
          ["jobs_one_active"],
        );
      } finally {
        await store.close();
      }
    });
  });
}

/**
 * Resolves once some statement of this database waits for a row lock (a fold or a claim held back), or
 * once `meanwhile` settles (nothing had to wait).
 */
async function aStatementWaitsForALock(db: Sql, meanwhile: Promise<unknown>): Promise<void> {
  let settled = false;
  void meanwhile.finally(() => (settled = true)).catch(() => {});
  while (!settled) {
    const { rows } = await db.query<{ n: string }>(
      "SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'",
    );
    if (Number(rows[0]?.n) > 0) return;
    await new Promise((r) => setTimeout(r, 10));
  }
}

const postgres = (await backends()).find((b) => b.name === "postgres");
describe("a review folded in the instant its job starts (PostgreSQL, several connections)", {
  skip: postgres ? false : "PostgreSQL could not be started here",
}, () => {
  test("a fold not yet committed holds the job back: the job, once started, reads the folded review", async () => {
    const store = await openTestStore(postgres as NonNullable<typeof postgres>);
    try {
      await store.dispatcher.stop();
      const [a] = await store.storeDeliveries([review("a", 7)]);
      const j1 = a?.jobId ?? assert.fail("no job");
      // The intake's statement has run but its transaction has not committed yet.
      let commit = () => {};
      let folded: string | null | undefined;
      const folding = store.db.transaction(async (tx) => {
        folded = (await insertDeliveries(tx, [review("b", 7)]))[0]?.jobId;
        await new Promise<void>((r) => (commit = r));
      });
      while (folded === undefined) await new Promise((r) => setTimeout(r, 5));
      assert.equal(folded, j1, "folded into the queued job");
      // A worker claims the job meanwhile and reads what was folded into it, as job-worker.ts does.
      const claiming = startAttempt(store.db, j1).then(() => foldedPayloads(store.db, j1, "a"));
      await aStatementWaitsForALock(store.db, claiming);
      commit();
      await folding;
      assert.deepEqual(await claiming, ['{"id":"b"}'], "the started job read the review folded into it");
    } finally {
      await store.close();
    }
  });

  test("a job that starts while reviews wait to fold into it leaves them a new job of their own", async () => {
    const store = await openTestStore(postgres as NonNullable<typeof postgres>);
    try {
      await store.dispatcher.stop();
      const [a] = await store.storeDeliveries([review("a", 7)]);
      const j1 = a?.jobId ?? assert.fail("no job");
      let folding: Promise<unknown> = Promise.resolve();
      // The worker's claim takes the job's row first; the intake's fold, already past its snapshot, waits.
      await store.db.transaction(async (tx) => {
        await tx.query("SELECT id FROM booty.jobs WHERE id = $1 FOR UPDATE", [j1]);
        folding = insertDeliveries(store.db, [review("b", 7), review("c", 7)]);
        await aStatementWaitsForALock(store.db, folding);
        await startAttempt(tx, j1);
      });
      const [b, c] = (await folding) as Awaited<ReturnType<typeof insertDeliveries>>;
      const j2 = b?.jobId ?? assert.fail("the review was left without a job");
      assert.notEqual(j2, j1);
      assert.deepEqual(
        [b?.outcome, c?.jobId, c?.outcome],
        ["queued", j2, "folded into the queued review job of its pull request"],
      );
      const next = (await store.listJobs()).find((j) => j.id === j2);
      assert.deepEqual([next?.state, next?.command, next?.issueNumber], ["queued", "review", 7]);
    } finally {
      await store.close();
    }
  });
});
