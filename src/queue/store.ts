import { join } from "node:path";
import type { PgBoss } from "pg-boss";
import type { Logger } from "../log/logger.ts";
import { type RetryPolicy, startBoss } from "./boss.ts";
import type { Database } from "./db.ts";
import { insertDeliveries } from "./deliveries.ts";
import { type Dispatcher, startDispatcher } from "./dispatcher.ts";
import { openPglite } from "./pglite.ts";
import { openPostgres } from "./postgres.ts";
import { migrate } from "./schema.ts";
import type { DeliveryRecord, IntakeResult } from "./types.ts";

export interface StoreOptions {
  /** postgres://… for a shared server; otherwise the embedded database in `<dataDir>/db`. */
  databaseUrl?: string | undefined;
  dataDir: string;
  logger: Logger;
  retry?: RetryPolicy;
  heartbeatSeconds?: number;
}

export interface Store {
  db: Database;
  boss: PgBoss;
  dispatcher: Dispatcher;
  /** Stores deliveries and their jobs in one transaction, and hands new jobs to the queue. */
  storeDeliveries(records: DeliveryRecord[]): Promise<IntakeResult[]>;
  close(): Promise<void>;
}

export function openDatabase(options: { databaseUrl?: string | undefined; dataDir: string }): Promise<Database> {
  return options.databaseUrl ? openPostgres(options.databaseUrl) : openPglite(join(options.dataDir, "db"));
}

/** Opens the database, creates the tables, starts pg-boss and the outbox hand-over. */
export async function openStore(options: StoreOptions): Promise<Store> {
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
      async storeDeliveries(records) {
        const results = await db.transaction((tx) => insertDeliveries(tx, records));
        if (results.some((r) => !r.duplicate && r.jobId)) dispatcher.kick();
        return results;
      },
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
