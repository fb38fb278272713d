import { describeError } from "../../errors/index.ts";
import type { Logger } from "../../log/logger.ts";
import type { DeliveryRecord } from "../../queue/index.ts";

type Store = (records: DeliveryRecord[]) => Promise<void>;

/** PostgreSQL's classes for a value it refuses (22: data exception, 23: integrity): the row, not the server. */
const refusesTheData = (error: unknown): boolean => /^2[23]/.test(String((error as { code?: unknown })?.code ?? ""));

/**
 * Stores a batch; when the database refuses something in it, stores the deliveries one by one, and one it
 * still refuses in a plain form (its id, event and why), so that one odd delivery cannot hold back all
 * the others, nor a restart that replays them. Any other error (the database is away) propagates: the
 * batch stays in the journal and is retried.
 */
export function isolatingStore(store: Store, logger: Logger): Store {
  return async (records) => {
    try {
      await store(records);
      return;
    } catch (error) {
      if (!refusesTheData(error) || records.length === 0) throw error;
    }
    for (const record of records) {
      try {
        await store([record]);
      } catch (error) {
        if (!refusesTheData(error)) throw error;
        logger.error(
          { deliveryId: record.id, err: describeError(error) },
          "the database refused a delivery; kept its id only",
        );
        await store([
          {
            id: record.id,
            event: record.event,
            action: null,
            repo: null,
            outcome: "not stored: the database refused it",
            payload: "",
            job: null,
          },
        ]);
      }
    }
  };
}
