import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { describe, test } from "node:test";
import { silentLogger } from "../../src/log/logger.ts";
import { startWorker } from "../../src/queue/db/job-worker.ts";
import { getJob, listRuns } from "../../src/queue/db/jobs.ts";
import type { PgStore } from "../../src/queue/db/open-store.ts";
import { reconcileAbandoned } from "../../src/queue/db/reconcile.ts";
import type { JobError, JobOutcome, JobRecord, JobRunner } from "../../src/queue/index.ts";
import { backends, openTestStore } from "./support/backends.ts";
import { until } from "./support/webhooks.ts";

async function enqueue(store: PgStore, issueNumber: number): Promise<string> {
  const id = randomUUID();
  await store.storeDeliveries([
    {
      id: randomUUID(),
      event: "issues",
      action: "labeled",
      repo: "octo/repo",
      outcome: "queued",
      payload: "{}",
      job: { id, repo: "octo/repo", issueNumber, title: "t", actor: "alice", command: "run", installationId: null },
    },
  ]);
  return id;
}

/** A worker on the test store, polling every half second; a run that ignores a stop gets 100 ms. */
const workOn = (store: PgStore, runner: JobRunner, concurrency: number) =>
  startWorker({ ...store, runner, logger: silentLogger(), concurrency, pollingIntervalSeconds: 0.5, abortWaitMs: 100 });

/** A runner that answers from a script, one outcome per attempt, and records what it was asked. */
function scriptedRunner(outcomes: (JobOutcome | "hang")[]) {
  const calls: { job: JobRecord; attempt: number; finalAttempt: boolean }[] = [];
  const failures: JobError[] = [];
  const runner: JobRunner = {
    async run(job, ctx) {
      calls.push({ job, attempt: ctx.attempt, finalAttempt: ctx.finalAttempt });
      const next = outcomes[Math.min(calls.length - 1, outcomes.length - 1)];
      if (next === "hang") return new Promise(() => {});
      return next ?? { status: "succeeded" };
    },
    async reportFailure(_job, error) {
      failures.push(error);
    },
  };
  return { runner, calls, failures };
}

const flaky: JobOutcome = {
  status: "failed",
  error: { message: "model overloaded", code: "model-unavailable", retryable: true },
};
const broken: JobOutcome = {
  status: "failed",
  error: { message: "path refused: .git/config", code: "policy", retryable: false },
};

for (const backend of await backends()) {
  describe(`worker on ${backend.name}`, () => {
    test("runs a job; retries a retryable failure with backoff; never retries a permanent one", async () => {
      const store = await openTestStore(backend);
      const { runner, calls, failures } = scriptedRunner([flaky, { status: "succeeded", prUrl: "http://x/pull/1" }]);
      const worker = await workOn(store, runner, 2);
      try {
        const id = await enqueue(store, 1);
        const done = await until("success", async () => {
          const job = await getJob(store.db, id);
          return job?.state === "succeeded" && job;
        });
        assert.equal(done.attempts, 2);
        assert.equal(done.prUrl, "http://x/pull/1");
        assert.deepEqual(
          (await listRuns(store.db, id)).map((r) => [r.attempt, r.status, r.retryable]),
          [
            [1, "failed", true],
            [2, "succeeded", null],
          ],
        );
        assert.equal(failures.length, 0);

        const permanent = scriptedRunner([broken]);
        await worker.stop(0);
        const second = await workOn(store, permanent.runner, 1);
        const id2 = await enqueue(store, 2);
        const failed = await until("failure", async () => {
          const job = await getJob(store.db, id2);
          return job?.state === "failed" && job;
        });
        await new Promise((r) => setTimeout(r, 2500));
        assert.equal(permanent.calls.length, 1, "a permanent failure is not retried");
        assert.equal(failed.error, "path refused: .git/config");
        assert.deepEqual(permanent.failures, [broken.error]);
        assert.equal((await store.boss.getJobById("booty-issue", id2))?.state, "completed");
        await second.stop(0);
        assert.ok(calls.length >= 2);
      } finally {
        await store.close();
      }
    });

    test("a retryable failure on the last attempt ends the job failed, with one failure report", async () => {
      const store = await openTestStore(backend, { retryLimit: 1, retryDelay: 1, retryDelayMax: 1 });
      const { runner, calls, failures } = scriptedRunner([flaky]);
      const worker = await workOn(store, runner, 1);
      try {
        const id = await enqueue(store, 3);
        await until("failure", async () => (await getJob(store.db, id))?.state === "failed");
        assert.deepEqual(
          calls.map((c) => [c.attempt, c.finalAttempt]),
          [
            [1, false],
            [2, true],
          ],
        );
        assert.equal(failures.length, 1);
      } finally {
        await worker.stop(0);
        await store.close();
      }
    });

    test("stopping waits for a running job within the grace period and requeues one that overruns", async () => {
      const store = await openTestStore(backend);
      const { runner, calls } = scriptedRunner(["hang"]);
      const worker = await workOn(store, runner, 1);
      try {
        const id = await enqueue(store, 4);
        await until("start", async () => calls.length > 0 && (await getJob(store.db, id))?.state === "running");
        const started = Date.now();
        await worker.stop(300);
        assert.ok(Date.now() - started >= 290);
        assert.equal((await getJob(store.db, id))?.state, "queued");
        assert.equal((await store.boss.getJobById("booty-issue", id))?.state, "retry");
      } finally {
        await store.close();
      }
    });

    test("a shutdown during the last attempt requeues the job without using that attempt up", async () => {
      const store = await openTestStore(backend, { retryLimit: 0, retryDelay: 1, retryDelayMax: 1 });
      const { runner, calls, failures } = scriptedRunner(["hang", { status: "succeeded" }]);
      const worker = await workOn(store, runner, 1);
      try {
        const id = await enqueue(store, 6);
        // Running in the store comes a moment before the runner is called (the trigger is read between).
        await until("start", async () => calls.length > 0 && (await getJob(store.db, id))?.state === "running");
        assert.equal(calls[0]?.finalAttempt, true);
        await worker.stop(50);
        assert.equal((await getJob(store.db, id))?.state, "queued");
        assert.equal((await store.boss.getJobById("booty-issue", id))?.state, "retry");
        assert.equal(await reconcileAbandoned({ ...store, runner, logger: silentLogger() }), 0, "not abandoned");
        const next = await workOn(store, runner, 1);
        await until("the job to end", async () => (await getJob(store.db, id))?.state === "succeeded");
        await next.stop(0);
        assert.equal(calls.length, 2);
        assert.deepEqual(failures, []);
      } finally {
        await store.close();
      }
    });

    test("a run that heeds the stop ends at once, records its attempt and requeues itself, its attempt kept", async () => {
      const store = await openTestStore(backend, { retryLimit: 0, retryDelay: 1, retryDelayMax: 1 });
      let runs = 0;
      const failures: JobError[] = [];
      const runner: JobRunner = {
        run: (_job, ctx) =>
          ++runs > 1
            ? Promise.resolve({ status: "succeeded" })
            : new Promise((resolve) =>
                // Cleaning up (the worktree) takes a moment after the model call is cut off.
                ctx.signal.addEventListener("abort", () =>
                  setTimeout(
                    () => resolve({ status: "failed", error: { message: "stopped during analyze", retryable: true } }),
                    300,
                  ),
                ),
              ),
        async reportFailure(_job, error) {
          failures.push(error);
        },
      };
      const slowToGiveUp = { ...store, runner, logger: silentLogger(), concurrency: 1, abortWaitMs: 60_000 };
      const worker = await startWorker({ ...slowToGiveUp, pollingIntervalSeconds: 0.5 });
      try {
        const id = await enqueue(store, 9);
        await until("start", async () => runs > 0 && (await getJob(store.db, id))?.state === "running");
        await worker.stop(50); // returns once the run has ended, long before abortWaitMs
        assert.equal((await getJob(store.db, id))?.state, "queued");
        assert.equal((await store.boss.getJobById("booty-issue", id))?.state, "retry");
        assert.deepEqual(
          (await listRuns(store.db, id)).map((r) => [r.attempt, r.status, r.error]),
          [[1, "failed", "stopped during analyze"]],
        );
        const next = await workOn(store, runner, 1);
        await until("the job to end", async () => (await getJob(store.db, id))?.state === "succeeded");
        await next.stop(0);
        assert.deepEqual(failures, []);
      } finally {
        await store.close();
      }
    });

    test("a requeue that fails halfway leaves the job as it was, for its heartbeat to lapse", async () => {
      const store = await openTestStore(backend, { retryLimit: 0, retryDelay: 1, retryDelayMax: 1 });
      const { runner, calls } = scriptedRunner(["hang"]);
      // pg-boss whose retry fails: the fail before it, in the same transaction, must not stand alone.
      const boss = new Proxy(store.boss, {
        get(target, key) {
          if (key === "retry") return async () => Promise.reject(new Error("connection lost"));
          const value = Reflect.get(target, key);
          return typeof value === "function" ? value.bind(target) : value;
        },
      });
      const worker = await startWorker({
        ...store,
        boss,
        runner,
        logger: silentLogger(),
        concurrency: 1,
        abortWaitMs: 100,
      });
      try {
        const id = await enqueue(store, 8);
        await until("start", async () => calls.length > 0 && (await getJob(store.db, id))?.state === "running");
        await worker.stop(50);
        assert.equal((await getJob(store.db, id))?.state, "running");
        assert.equal((await store.boss.getJobById("booty-issue", id))?.state, "active", "not failed for good");
        assert.equal(await reconcileAbandoned({ ...store, runner, logger: silentLogger() }), 0, "not abandoned");
      } finally {
        await store.close();
      }
    });

    test("stopping while a finished run records its end lets it finish instead of requeueing the job", async () => {
      const store = await openTestStore(backend, { retryLimit: 0, retryDelay: 1, retryDelayMax: 1 });
      let release = (): void => {};
      const gate = new Promise<void>((r) => (release = r));
      let reporting = false;
      const runner: JobRunner = {
        run: async () => ({ status: "failed", error: { message: "bad config", retryable: false } }),
        async reportFailure() {
          reporting = true;
          await gate;
        },
      };
      const worker = await workOn(store, runner, 1);
      try {
        const id = await enqueue(store, 7);
        await until("the failure comment to start", async () => reporting);
        const stopping = worker.stop(5000);
        setTimeout(release, 200);
        await stopping;
        assert.equal((await getJob(store.db, id))?.state, "failed", "ended, not requeued");
        assert.notEqual((await store.boss.getJobById("booty-issue", id))?.state, "retry");
      } finally {
        await store.close();
      }
    });

    test("a job whose worker died on its last attempt is ended as failed, with one failure report", async () => {
      const store = await openTestStore(backend, { retryLimit: 0, retryDelay: 1, retryDelayMax: 1 });
      const { runner, failures } = scriptedRunner([]);
      try {
        const id = await enqueue(store, 5);
        const [claimed] = await until("the hand-over to pg-boss", async () => {
          const jobs = await store.boss.fetch("booty-issue");
          return jobs.length > 0 && jobs;
        });
        assert.equal(claimed?.id, id);
        await store.db.query("UPDATE booty.jobs SET state = 'running', attempts = 1 WHERE id = $1", [id]);
        assert.equal(
          await reconcileAbandoned({ ...store, runner, logger: silentLogger() }),
          0,
          "still active: left alone",
        );
        await store.boss.fail("booty-issue", id, { reason: "heartbeat lapsed" });
        assert.equal(await reconcileAbandoned({ ...store, runner, logger: silentLogger() }), 1);
        assert.equal((await getJob(store.db, id))?.state, "failed");
        assert.equal(failures.length, 1);
        assert.equal(await reconcileAbandoned({ ...store, runner, logger: silentLogger() }), 0, "only once");
      } finally {
        await store.close();
      }
    });
  });
}
