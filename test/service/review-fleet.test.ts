/**
 * Two processes' worth of workers (two stores, each its own pg-boss and outbox, two workers apiece) on one
 * PostgreSQL queue: a pull request's next review job waits for the running one wherever that runs, while
 * other pull requests' jobs take every free worker.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { silentLogger } from "../../src/log/logger.ts";
import { openStore, type PgStore } from "../../src/queue/db/open-store.ts";
import type { DeliveryRecord, Worker } from "../../src/queue/index.ts";
import { backends, FAST_RETRY } from "./support/backends.ts";
import { gate } from "./support/gate-runner.ts";
import { until } from "./support/webhooks.ts";

const postgres = (await backends()).find((b) => b.name === "postgres");
const dir = mkdtempSync(join(tmpdir(), "booty-review-fleet-"));
after(() => rmSync(dir, { recursive: true, force: true }));

const review = (pr: number): DeliveryRecord => {
  const id = randomUUID();
  return {
    id,
    event: "pull_request_review",
    action: "submitted",
    repo: "octo/calc",
    sender: "alice",
    outcome: "queued",
    payload: "{}",
    triggerKey: `octo/calc#${pr}:review:${id}`,
    job: {
      id: randomUUID(),
      repo: "octo/calc",
      issueNumber: pr,
      title: `pr ${pr}`,
      actor: "alice",
      command: "review",
      installationId: null,
    },
  };
};

test("two stores with two workers each: one review job per pull request at a time, the rest in parallel", {
  skip: postgres ? false : "no PostgreSQL",
}, async () => {
  const { databaseUrl } = await (postgres ?? assert.fail()).location();
  const g = gate();
  const stores: PgStore[] = [];
  const workers: Worker[] = [];
  try {
    for (let i = 0; i < 2; i++) {
      const store = await openStore({ databaseUrl, dataDir: dir, logger: silentLogger(), retry: FAST_RETRY });
      stores.push(store);
      workers.push(
        await store.startWorker({
          runner: g.runner,
          logger: silentLogger(),
          concurrency: 2,
          pollingIntervalSeconds: 0.5,
        }),
      );
    }
    const [a, b] = stores as [PgStore, PgStore];
    const store = async (s: PgStore, pr: number) => (await s.storeDeliveries([review(pr)]))[0]?.jobId ?? assert.fail();
    const j1 = await store(a, 7);
    await g.whenStarted(j1);
    const j2 = await store(b, 7);
    // Three more pull requests fill the other three workers; j2, older than all of them, is not taken.
    const others = [await store(a, 8), await store(b, 9), await store(a, 10)];
    for (const id of others) await g.whenStarted(id);
    assert.equal(g.startedOf(j2), 0);
    for (const id of others) g.release(id);
    g.release(j1);
    await g.whenStarted(j2);
    g.release(j2);
    await until("every job to end", async () => (await a.listJobs()).every((j) => j.state === "succeeded"));
    assert.equal(g.mostAtOnce(), 1, "never two jobs of one pull request at once");
  } finally {
    for (const w of workers) await w.stop(0);
    for (const s of stores) await s.close();
  }
});
