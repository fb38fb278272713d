import { PgBoss } from "pg-boss";
import type { Logger } from "../../log/logger.ts";
import type { Database } from "./database.ts";

/** The one pg-boss queue booty uses: a job's data is only our job id; the rest lives in booty.jobs. */
export const JOB_QUEUE = "booty-issue";

export interface RetryPolicy {
  /** Attempts after the first. */
  retryLimit: number;
  /** Seconds before the first retry; doubled (with jitter) for each later one. */
  retryDelay: number;
  retryDelayMax: number;
}

export const DEFAULT_RETRY: RetryPolicy = { retryLimit: 3, retryDelay: 30, retryDelayMax: 1800 };

export interface BossOptions {
  logger: Logger;
  retry?: RetryPolicy;
  /**
   * How long a running job may go without its worker's heartbeat before another worker takes it
   * (at least 10). Fixed when the queue is first created.
   */
  heartbeatSeconds?: number;
  /** Only processes that run workers need pg-boss's maintenance (expiry, heartbeats, retention). */
  supervise?: boolean;
}

export async function startBoss(db: Database, options: BossOptions): Promise<PgBoss> {
  const retry = options.retry ?? DEFAULT_RETRY;
  const boss = new PgBoss({
    ...db.bossOptions(),
    schedule: false,
    supervise: options.supervise ?? true,
    superviseIntervalSeconds: 10,
    monitorIntervalSeconds: 10,
  });
  boss.on("error", (error) => options.logger.error({ err: error }, "queue error"));
  await boss.start();
  const queue = {
    retryLimit: retry.retryLimit,
    retryDelay: retry.retryDelay,
    retryBackoff: true,
    retryDelayMax: retry.retryDelayMax,
    // A run (clone, model, tests) can be long; the heartbeat, not this, is what notices a dead worker.
    expireInSeconds: 4 * 3600,
    heartbeatSeconds: options.heartbeatSeconds ?? 30,
    deleteAfterSeconds: 7 * 24 * 3600,
  };
  const existing = await boss.getQueue(JOB_QUEUE);
  if (!existing) {
    await boss.createQueue(JOB_QUEUE, queue).catch(async (error: unknown) => {
      // Another process created it between our look and our create.
      if (!(await boss.getQueue(JOB_QUEUE))) throw error;
    });
  }
  const { heartbeatSeconds: _fixedAtCreation, ...changeable } = queue;
  await boss.updateQueue(JOB_QUEUE, changeable);
  return boss;
}
