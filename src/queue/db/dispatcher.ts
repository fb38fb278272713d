import type { PgBoss } from "pg-boss";
import type { Logger } from "../../log/logger.ts";
import { JOB_QUEUE } from "./boss.ts";
import type { Database } from "./database.ts";
import { markDispatched, undispatchedJobs } from "./jobs.ts";

export interface Dispatcher {
  /** Hands newly stored jobs to pg-boss now rather than at the next sweep. */
  kick(): void;
  stop(): Promise<void>;
}

/**
 * The outbox: the intake commits booty.jobs rows only, and this moves them into pg-boss. Keeping pg-boss
 * out of the intake transaction keeps the intake to two statements per batch; a crash between the commit
 * and the hand-over loses nothing, because the sweep finds undispatched rows again. pg-boss job ids are
 * our job ids, so a job handed over twice (two processes sweeping at once) is stored once.
 */
export function startDispatcher(deps: {
  db: Database;
  boss: PgBoss;
  logger: Logger;
  sweepMs?: number;
  /** Kicks within this window share one hand-over: during a burst, one per window instead of one per batch. */
  coalesceMs?: number;
}): Dispatcher {
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = false;
  let pending: NodeJS.Timeout | null = null;

  const drain = async (): Promise<void> => {
    do {
      again = false;
      for (;;) {
        const ids = await undispatchedJobs(deps.db, 200);
        if (ids.length === 0) break;
        await deps.boss.insert(
          JOB_QUEUE,
          ids.map((id) => ({ id, data: { jobId: id } })),
        );
        await markDispatched(deps.db, ids);
      }
    } while (again && !stopped);
  };

  const kick = (): void => {
    if (stopped || pending) return;
    pending = setTimeout(() => {
      pending = null;
      run();
    }, deps.coalesceMs ?? 250);
  };

  const run = (): void => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = drain()
      .catch((error: unknown) => deps.logger.error({ err: error }, "handing jobs to the queue failed; will retry"))
      .finally(() => {
        running = null;
      });
  };

  const timer = setInterval(run, deps.sweepMs ?? 5000);
  timer.unref();
  run();
  return {
    kick,
    async stop() {
      stopped = true;
      clearInterval(timer);
      if (pending) clearTimeout(pending);
      await running;
    },
  };
}
