import { join } from "node:path";
import type { PgBoss } from "pg-boss";
import type { Logger } from "../../log/logger.ts";
import type { JobsStore, Store } from "../store.ts";
import { type RetryPolicy, startBoss } from "./boss.ts";
import type { Database } from "./database.ts";
import { insertDeliveries } from "./deliveries.ts";
import { listDeliveries, queryDeliveries } from "./delivery-log.ts";
import { type Dispatcher, startDispatcher } from "./dispatcher.ts";
import { queryJobs, runReports } from "./job-query.ts";
import { startWorker } from "./job-worker.ts";
import { findJobByPrefix, getJob, listJobs, listRuns, recordAttempt, runningJobIds } from "./jobs.ts";
import { importLocalRuns } from "./local-runs.ts";
import { openPglite } from "./pglite.ts";
import { openPostgres } from "./postgres.ts";
import { recoverOrphans } from "./requeue.ts";
import { pruneDeliveries } from "./retention.ts";
import { migrate } from "./schema.ts";
import { jobTotals } from "./totals.ts";

export interface StoreOptions {
  /** postgres://… for a shared server; otherwise the embedded database in `<dataDir>/db`. */
  databaseUrl?: string | undefined;
  dataDir: string;
  logger: Logger;
  retry?: RetryPolicy;
  heartbeatSeconds?: number;
}

/** The store over PostgreSQL or PGlite; its database and pg-boss are there for the adapter's own tests. */
export interface PgStore extends Store {
  db: Database;
  boss: PgBoss;
  dispatcher: Dispatcher;
}

export function openDatabase(options: { databaseUrl?: string | undefined; dataDir: string }): Promise<Database> {
  return options.databaseUrl ? openPostgres(options.databaseUrl) : openPglite(join(options.dataDir, "db"));
}

/** Opens the database, creates the tables, starts pg-boss and the outbox hand-over. */
export async function openStore(options: StoreOptions): Promise<PgStore> {
  const db = await openDatabase(options);
  try {
    await migrate(db);
    const boss = await startBoss(db, {
      logger: options.logger,
      ...(options.retry ? { retry: options.retry } : {}),
      ...(options.heartbeatSeconds ? { heartbeatSeconds: options.heartbeatSeconds } : {}),
    });
    const dispatcher = startDispatcher({ db, boss, logger: options.logger });
    return {
      db,
      boss,
      dispatcher,
      kind: db.kind,
      ...readJobs(db),
      async storeDeliveries(records) {
        const results = await db.transaction((tx) => insertDeliveries(tx, records));
        if (results.some((r) => !r.duplicate && r.jobId)) dispatcher.kick();
        return results;
      },
      ready: async () => (await db.query("SELECT 1")).rows.length === 1,
      async recover(logger) {
        const running = await runningJobIds(db);
        // Only the embedded database guarantees that no other process is working on a running job.
        if (db.kind !== "pglite") return running;
        await recoverOrphans(db, boss, running, logger);
        return [];
      },
      pruneDeliveries: (days) => pruneDeliveries(db, days),
      recordRun: (run) => recordAttempt(db, run),
      startWorker: (worker) => startWorker({ db, boss, ...worker, attemptEnded: () => dispatcher.kick() }),
      async close() {
        await dispatcher.stop();
        await boss.stop({ graceful: false, close: true, timeout: 1000 });
        await db.close();
      },
    };
  } catch (error) {
    await db.close().catch(() => {});
    throw error;
  }
}

/**
 * Reads jobs without starting the queue or creating tables (`booty jobs` beside no running server):
 * a database booty never wrote to has no jobs.
 */
export async function openJobsStore(options: {
  databaseUrl?: string | undefined;
  dataDir: string;
  /** Creates the tables when there are none (there are local runs to import). */
  create?: boolean;
}): Promise<JobsStore> {
  const db = await openDatabase(options);
  if (options.create)
    await migrate(db).catch(async (error: unknown) => {
      await db.close().catch(() => {});
      throw error;
    });
  const { rows } = await db
    .query<{ t: string | null }>("SELECT to_regclass('booty.jobs')::text AS t")
    .catch(async (error: unknown) => {
      await db.close().catch(() => {});
      throw error;
    });
  if (rows[0]?.t == null) {
    return {
      listJobs: async () => [],
      getJob: async () => null,
      findJob: async () => ({ job: null, candidates: 0 }),
      listRuns: async () => [],
      listDeliveries: async () => [],
      queryJobs: async () => [],
      queryDeliveries: async () => [],
      runReports: async () => [],
      importLocalRuns: async () => 0,
      jobTotals: async (since) => ({ since: since.toISOString(), byDay: [], byRepo: [] }),
      close: () => db.close(),
    };
  }
  return { ...readJobs(db), close: () => db.close() };
}

function readJobs(db: Database): Omit<JobsStore, "close"> {
  return {
    listJobs: (limit) => listJobs(db, limit),
    getJob: (id) => getJob(db, id),
    findJob: (prefix) => findJobByPrefix(db, prefix),
    listRuns: (jobId) => listRuns(db, jobId),
    listDeliveries: (limit) => listDeliveries(db, limit),
    queryJobs: (query) => queryJobs(db, query),
    queryDeliveries: (query) => queryDeliveries(db, query),
    runReports: (jobId) => runReports(db, jobId),
    importLocalRuns: (runs) => importLocalRuns(db, runs),
    jobTotals: (since) => jobTotals(db, since),
  };
}
