/**
 * Review jobs through the real intake (signed HTTP deliveries, the journal, the store, two workers): one
 * at a time per pull request, later reviews folded into the queued job, pull requests in parallel, and
 * all of it again after a restart — on the embedded database and on PostgreSQL.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { loadConfig } from "../../src/config/index.ts";
import { reviewAtTrigger } from "../../src/events/index.ts";
import { silentLogger } from "../../src/log/logger.ts";
import { JOB_QUEUE } from "../../src/queue/db/boss.ts";
import type { PgStore } from "../../src/queue/db/open-store.ts";
import type { JobRunner } from "../../src/queue/index.ts";
import { renderDeliveries } from "../../src/service/render-deliveries.ts";
import { type RunningService, startService } from "../../src/service/service.ts";
import { type Backend, backends } from "./support/backends.ts";
import { gate } from "./support/gate-runner.ts";
import { issueCommentPayload, reviewCommentPayload, reviewPayload } from "./support/review-webhooks.ts";
import { postDelivery, until } from "./support/webhooks.ts";

const SECRET = "review-secret";
const calc = { owner: "octo", repo: "calc" };
const pullOf = (number: number) => ({ number, headRef: `booty/issue-${number}`, headSha: "a".repeat(40) });
const changesRequested = (pr: number, id: number) =>
  reviewPayload({
    ...calc,
    pull: pullOf(pr),
    review: { id, author: "alice", state: "changes_requested", body: "Rename x." },
  });
const reviewComment = (pr: number, id: number, body: string) =>
  reviewCommentPayload({
    ...calc,
    pull: pullOf(pr),
    comment: { id, author: "alice", body, path: "calc/ops.py", line: 1 },
  });
const conversation = (pr: number, id: number, body: string) =>
  issueCommentPayload({ ...calc, number: pr, comment: { id, author: "alice", body } });

const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function serve(backend: Backend, runner: JobRunner, dataDir?: string) {
  const where = await backend.location();
  const dir = dataDir ?? mkdtempSync(join(tmpdir(), "booty-review-queue-"));
  dirs.push(dir);
  const config = loadConfig(
    {
      HOME: dir,
      WEBHOOK_SECRET: SECRET,
      GITHUB_TOKEN: "unused",
      BOOTY_HOST: "127.0.0.1",
      BOOTY_PORT: "0",
      BOOTY_UI_PORT: "0",
      BOOTY_INTAKE_THREADS: "1",
      BOOTY_WORKER_CONCURRENCY: "2",
      BOOTY_SHUTDOWN_GRACE_MS: "0",
      ...(where.databaseUrl ? { DATABASE_URL: where.databaseUrl } : {}),
    },
    { dataDir: join(dir, "data") },
  );
  const service = await startService({
    config,
    logger: silentLogger(),
    mode: "serve",
    runner,
    pollingIntervalSeconds: 0.5,
    retry: { retryLimit: 2, retryDelay: 1, retryDelayMax: 1 },
  });
  return { service, dir, databaseUrl: where.databaseUrl };
}

async function send(service: RunningService, event: string, payload: unknown, deliveryId: string) {
  const res = await postDelivery(service.url ?? "", SECRET, event, payload, deliveryId);
  assert.equal(res.status, 202);
  return until(`delivery ${deliveryId} stored`, async () =>
    (await service.store.listDeliveries(50)).find((d) => d.id === deliveryId),
  );
}

for (const backend of await backends()) {
  describe(`review jobs on ${backend.name}`, () => {
    test("two reviews within a second: one job runs, the next waits with the later review folded in", async () => {
      const g = gate();
      const { service } = await serve(backend, g.runner);
      try {
        const first = await send(service, "pull_request_review", changesRequested(7, 1), "r-1");
        const j1 = first.jobId ?? assert.fail("no job");
        await g.whenStarted(j1);
        // While it runs: a review comment queues the next job, and a /booty in the thread a moment later
        // folds into that job instead of making a third.
        const second = await send(
          service,
          "pull_request_review_comment",
          reviewComment(7, 11, "/booty rename x"),
          "r-2",
        );
        const third = await send(service, "pull_request_review_comment", reviewComment(7, 12, "/booty and y"), "r-3");
        const j2 = second.jobId ?? assert.fail("no second job");
        assert.notEqual(j2, j1);
        assert.equal(third.outcome, "accepted");
        assert.equal(third.jobId, j2, "the later review is folded into the queued job");
        assert.match(renderDeliveries([third]), /accepted: job .* \(folded into the queued review job/);
        assert.equal((await service.store.listJobs()).length, 2);

        // Another pull request runs beside it, and when it is done the free worker still leaves j2 alone:
        // a job created after j2 (pr 9) is claimed first, which pg-boss would not do were j2 in its queue.
        const other = await send(service, "pull_request_review", changesRequested(8, 2), "r-4");
        await g.whenStarted(other.jobId ?? "");
        g.release(other.jobId ?? "");
        const later = await send(service, "pull_request_review", changesRequested(9, 3), "r-5");
        await g.whenStarted(later.jobId ?? "");
        assert.equal(g.startedOf(j2), 0);
        assert.equal((await service.store.getJob(j2))?.state, "queued");
        assert.equal(await (service.store as PgStore).boss.getJobById(JOB_QUEUE, j2), null, "not handed to pg-boss");

        g.release(j1);
        await g.whenStarted(j2);
        const run2 = g.started.find((s) => s.job.id === j2);
        assert.equal(reviewAtTrigger(run2?.trigger ?? "")?.instruction, "rename x");
        assert.deepEqual(
          run2?.folded.map((p) => reviewAtTrigger(p)?.instruction),
          ["and y"],
          "the folded review reaches the job as it was asked",
        );
        g.release(j2);
        g.release(later.jobId ?? "");
        await until("every job to end", async () =>
          (await service.store.listJobs()).every((j) => j.state === "succeeded"),
        );
        assert.equal(g.mostAtOnce(), 1, "never two jobs of one pull request at once");
      } finally {
        await service.stop();
      }
    });

    test("after a restart the interrupted job runs again first, and the next one still waits for it", async () => {
      const g = gate();
      const up = await serve(backend, g.runner);
      let service = up.service;
      try {
        const first = await send(service, "pull_request_review", changesRequested(7, 1), "r-1");
        const j1 = first.jobId ?? assert.fail("no job");
        await g.whenStarted(j1);
        const second = await send(service, "issue_comment", conversation(7, 21, "/booty add a test"), "r-2");
        const j2 = second.jobId ?? assert.fail("no second job");
        await service.stop();
        assert.deepEqual(
          [(await startedAgain(up.dir, up.databaseUrl, j1))?.state, g.startedOf(j2)],
          ["queued", 0],
          "the interrupted job is queued again; the next has not run",
        );
        const g2 = gate();
        service = (await serve({ ...backend, location: async () => withUrl(up.databaseUrl) }, g2.runner, up.dir))
          .service;
        await g2.whenStarted(j1);
        assert.equal(g2.startedOf(j2), 0);
        g2.release(j1);
        await g2.whenStarted(j2);
        g2.release(j2);
        await until("both jobs to end", async () =>
          (await service.store.listJobs()).every((j) => j.state === "succeeded"),
        );
        assert.equal(g2.mostAtOnce(), 1);
      } finally {
        await service.stop();
      }
    });
  });
}

const withUrl = async (databaseUrl: string | undefined) => ({
  dataDir: "",
  ...(databaseUrl ? { databaseUrl } : {}),
});

/** The job as the stopped service left it, read from its database. */
async function startedAgain(dir: string, databaseUrl: string | undefined, id: string) {
  const { openJobsStore } = await import("../../src/queue/db/open-store.ts");
  const store = await openJobsStore({ dataDir: join(dir, "data"), databaseUrl });
  try {
    return await store.getJob(id);
  } finally {
    await store.close();
  }
}
