import type { Database } from "./db.ts";
import { insertDeliveries } from "./deliveries.ts";
import type { DeliveryRecord, IntakeResult } from "./types.ts";

export interface IntakeWriter {
  /** Resolves once the delivery (and its job) is committed; only then may the intake answer 202. */
  write(record: DeliveryRecord): Promise<IntakeResult>;
}

interface Pending {
  record: DeliveryRecord;
  resolve: (result: IntakeResult) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: deliveries that arrive while a transaction is committing wait for the next one, which
 * takes them all at once. Each delivery is still answered only after its own commit, but the cost of a
 * transaction is shared, which is what lets the single-connection embedded database keep up with a burst.
 */
export function createIntakeWriter(
  db: Database,
  options: { maxBatch?: number; onJobsCreated?: (jobIds: string[]) => void } = {},
): IntakeWriter {
  const maxBatch = options.maxBatch ?? 256;
  const pending: Pending[] = [];
  let inFlight = 0;

  const flush = async (): Promise<void> => {
    inFlight++;
    try {
      while (pending.length > 0) {
        const batch = pending.splice(0, maxBatch);
        try {
          const results = await db.transaction((tx) =>
            insertDeliveries(
              tx,
              batch.map((p) => p.record),
            ),
          );
          for (const [i, p] of batch.entries()) p.resolve(results[i] as IntakeResult);
          const created = results.filter((r) => !r.duplicate && r.jobId).map((r) => r.jobId as string);
          if (created.length > 0) options.onJobsCreated?.(created);
        } catch (error) {
          for (const p of batch) p.reject(error);
        }
      }
    } finally {
      inFlight--;
    }
  };

  return {
    write(record) {
      return new Promise<IntakeResult>((resolve, reject) => {
        pending.push({ record, resolve, reject });
        if (inFlight < db.writeParallelism) void flush();
      });
    },
  };
}
