import type { ConnectionOptions, PgBoss } from "pg-boss";
import type { Logger } from "../../log/logger.ts";
import { JOB_QUEUE } from "./boss.ts";
import type { Database, Sql } from "./database.ts";
import { finishJob, requeueJob } from "./jobs.ts";

/**
 * Runs `fn` in one transaction, with pg-boss's statements in it rather than on a connection of their own.
 * pg-boss looks its queue up on its own connection the first time: done here first, outside, because on
 * the embedded database (one connection) that lookup would wait for the transaction, and so forever.
 */
async function withBoss(
  db: Database,
  boss: PgBoss,
  jobId: string,
  fn: (tx: Sql, conn: ConnectionOptions) => Promise<void>,
) {
  await boss.getJobById(JOB_QUEUE, jobId);
  await db.transaction((tx) => fn(tx, { db: { executeSql: (text, values) => tx.query(text, values) } }));
}

/**
 * Puts an attempt cut off by a shutdown back in the queue. A shutdown is not the job's fault: on its
 * last attempt, failing would end it for good, so pg-boss's retry puts it back with one more attempt
 * allowed. All in one transaction, so that another process's reconciler never sees the job failed in
 * between (and ends it as abandoned), and an error halfway leaves it as it was, for its heartbeat to
 * lapse and pg-boss to retry it.
 */
export async function requeueInterrupted(
  db: Database,
  boss: PgBoss,
  attempt: { jobId: string; retryCount: number },
): Promise<void> {
  await withBoss(db, boss, attempt.jobId, async (tx, conn) => {
    await requeueJob(tx, attempt.jobId, "interrupted by a shutdown");
    await boss.fail(JOB_QUEUE, { id: attempt.jobId, retryCount: attempt.retryCount }, { reason: "shutdown" }, conn);
    if ((await boss.getJobById(JOB_QUEUE, attempt.jobId, conn))?.state === "failed") {
      await boss.retry(JOB_QUEUE, attempt.jobId, conn);
    }
  });
}

/**
 * The embedded database admits one process, so at start any job still marked running was cut off by a
 * crash of this same process: put it back in the queue now instead of waiting for its heartbeat to lapse.
 * A crash, unlike a shutdown, uses its attempt up: the restart cannot tell a kill from a job that crashes
 * its worker every time.
 */
export async function recoverOrphans(db: Database, boss: PgBoss, ids: string[], logger: Logger): Promise<void> {
  for (const id of ids) {
    await withBoss(db, boss, id, async (tx, conn) => {
      await requeueJob(tx, id, "the worker stopped during this attempt");
      await boss.fail(JOB_QUEUE, id, { reason: "worker stopped" }, conn);
      if ((await boss.getJobById(JOB_QUEUE, id, conn))?.state === "failed") {
        await finishJob(tx, id, { state: "failed", error: "the worker stopped during the last attempt" });
      }
    });
    logger.warn({ jobId: id }, "job was running when the process stopped; requeued");
  }
}
