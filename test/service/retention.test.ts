/** The delivery log is pruned after BOOTY_DELIVERY_RETENTION_DAYS, keeping what a job still needs. */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { describe, test } from "node:test";
import { loadConfig } from "../../src/config/index.ts";
import { ConfigError } from "../../src/errors/index.ts";
import { silentLogger } from "../../src/log/logger.ts";
import { finishJob } from "../../src/queue/db/jobs.ts";
import type { NewJob } from "../../src/queue/index.ts";
import { startService } from "../../src/service/service.ts";
import { backends, openTestStore } from "./support/backends.ts";

const job = (issueNumber: number): NewJob => ({
  ...{ id: randomUUID(), repo: "octo/repo", issueNumber, title: "t", actor: "a", command: "run" },
  installationId: null,
});
const delivery = (id: string, j: NewJob | null) => ({
  ...{ id, event: j ? "issues" : "ping", action: null, repo: j?.repo ?? null },
  ...{ outcome: j ? "queued" : "ignored: ping", payload: j ? "{}" : "", job: j },
});

test("the retention is at least the three-day replay window, 30 days unless set", () => {
  assert.equal(loadConfig({ HOME: "/nonexistent" }, {}).service.deliveryRetentionDays, 30);
  assert.throws(() => loadConfig({ HOME: "/x", BOOTY_DELIVERY_RETENTION_DAYS: "2" }, {}), ConfigError);
});

for (const backend of await backends()) {
  describe(`delivery retention on ${backend.name}`, () => {
    test("a serve start deletes deliveries past the retention, but not one a queued job still reads", async () => {
      const location = await backend.location();
      const store = await openTestStore({ ...backend, location: async () => location });
      const done = job(1);
      const queued = job(2);
      await store.storeDeliveries([
        delivery("old-ping", null),
        delivery("old-done", done),
        delivery("old-queued", queued),
        delivery("recent", null),
      ]);
      await store.db.transaction((tx) => finishJob(tx, done.id, { state: "succeeded" }));
      await store.db.query(
        "UPDATE booty.deliveries SET received_at = now() - interval '11 days' WHERE id LIKE 'old-%'",
      );
      await store.close();
      const env = {
        HOME: location.dataDir,
        BOOTY_DATA_DIR: location.dataDir,
        WEBHOOK_SECRET: "s",
        GITHUB_TOKEN: "t",
        BOOTY_HOST: "127.0.0.1",
        BOOTY_PORT: "0",
        BOOTY_INTAKE_THREADS: "1",
        BOOTY_DELIVERY_RETENTION_DAYS: "10",
        ...(location.databaseUrl ? { DATABASE_URL: location.databaseUrl } : {}),
      };
      const service = await startService({ config: loadConfig(env, {}), logger: silentLogger(), mode: "intake" });
      try {
        const kept = await service.store.listDeliveries(100);
        assert.deepEqual(kept.map((d) => d.id).sort(), ["old-queued", "recent"]);
      } finally {
        await service.stop();
      }
    });
  });
}
