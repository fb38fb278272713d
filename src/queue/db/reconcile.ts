import type { PgBoss } from "pg-boss";
import { describeError } from "../../errors/index.ts";
import type { Logger } from "../../log/logger.ts";
import type { JobRunner } from "../runner.ts";
import { JOB_QUEUE } from "./boss.ts";
import type { Database } from "./database.ts";
import { finishJob, getJob } from "./jobs.ts";

const GONE = "the worker stopped during the last attempt";

/**
 * A worker that dies on its last attempt leaves its job marked running here, while pg-boss, once the
 * heartbeat lapses, marks it failed and will not hand it out again. This finds such jobs and ends them
 * as failed, with the failure comment, so `booty jobs` does not show them running forever.
 */
export async function reconcileAbandoned(deps: {
  db: Database;
  boss: PgBoss;
  runner: JobRunner;
  logger: Logger;
}): Promise<number> {
  const { rows } = await deps.db.query<{ id: string }>(
    "SELECT id FROM booty.jobs WHERE state IN ('queued', 'running') AND dispatched ORDER BY created_at LIMIT 100",
  );
  let ended = 0;
  for (const { id } of rows) {
    const queued = await deps.boss.getJobById(JOB_QUEUE, String(id));
    if (queued && queued.state !== "failed" && queued.state !== "cancelled") continue;
    const job = await getJob(deps.db, String(id));
    if (!job || (job.state !== "queued" && job.state !== "running")) continue;
    await deps.db.transaction((tx) => finishJob(tx, job.id, { state: "failed", error: GONE }));
    ended++;
    const log = deps.logger.child({ jobId: job.id, deliveryId: job.deliveryId });
    log.warn("job abandoned by a stopped worker; ended as failed");
    await deps.runner
      .reportFailure(job, { message: GONE, retryable: true }, { logger: log })
      .catch((error: unknown) => log.error({ err: describeError(error) }, "could not post the failure comment"));
  }
  return ended;
}
