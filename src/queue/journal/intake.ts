import { readFileSync, rmSync } from "node:fs";
import type { Logger } from "../../log/logger.ts";
import type { DeliveryRecord } from "../types.ts";
import { STORE_BATCH, startDrain } from "./drain.ts";
import { decodeRecords } from "./frame.ts";
import { isolatingStore } from "./isolate.ts";
import { openJournal } from "./journal.ts";
import { orphanSegments } from "./segments.ts";

/** The port the webhook handler writes to. */
export interface Intake {
  /** Resolves once the delivery (an `encodeRecord` frame) is durable; it reaches the database shortly after. */
  append(frame: Buffer): Promise<void>;
  /** Deliveries acknowledged but not yet in the database. */
  backlog(): number;
  /** Stores what is pending, then closes the journal; what could not be stored waits for the next start. */
  close(): Promise<void>;
}

export interface IntakeOptions {
  /** The journal's folder, one per data directory. */
  dir: string;
  /** Stores a batch of deliveries and their jobs in the database, in one transaction. */
  store: (records: DeliveryRecord[]) => Promise<void>;
  logger: Logger;
  idleMs?: number;
  maxDelayMs?: number;
  /** See openJournal: flush the disk before every answer, or every 100 ms. */
  fsync?: "always" | "interval";
}

/**
 * Opens the intake: first stores whatever a previous process acknowledged but did not store (it was
 * killed, or the database was down), then appends new deliveries to its own journal and drains them.
 * Storing is idempotent by delivery id, so replaying a segment that was partly stored is harmless.
 */
export async function openIntake(options: IntakeOptions): Promise<Intake> {
  const o = { ...options, store: isolatingStore(options.store, options.logger) };
  let drain: ReturnType<typeof startDrain> | null = null;
  const journal = openJournal({
    dir: o.dir,
    onDurable: (entries) => drain?.push(entries),
    onSyncError: (error, path) =>
      o.logger.error(
        { err: error, path },
        "could not flush the intake journal to disk; a power loss now may lose deliveries",
      ),
    ...(o.fsync ? { fsync: o.fsync } : {}),
  });
  try {
    await replayOrphans(o, journal.tag);
  } catch (error) {
    await journal.close();
    throw error;
  }
  drain = startDrain({
    store: o.store,
    settle: journal.settle,
    logger: o.logger,
    ...(o.idleMs !== undefined ? { idleMs: o.idleMs } : {}),
    ...(o.maxDelayMs !== undefined ? { maxDelayMs: o.maxDelayMs } : {}),
  });
  const running = drain;
  return {
    append: (frame) => journal.append(frame),
    backlog: () => running.backlog(),
    async close() {
      running.stop();
      try {
        await running.flush();
      } catch (error) {
        o.logger.warn({ err: error, backlog: running.backlog() }, "deliveries left in the journal for the next start");
      }
      await journal.close();
    },
  };
}

async function replayOrphans(o: IntakeOptions, ownTag: string): Promise<void> {
  for (const path of orphanSegments(o.dir, ownTag)) {
    const buf = readFileSync(path);
    const { records, validBytes } = decodeRecords(buf);
    if (validBytes < buf.length) {
      o.logger.warn({ path, bytes: buf.length - validBytes }, "dropping a torn record at the end of a journal");
    }
    for (let i = 0; i < records.length; i += STORE_BATCH) await o.store(records.slice(i, i + STORE_BATCH));
    if (records.length > 0) o.logger.info({ path, deliveries: records.length }, "stored deliveries from a journal");
    rmSync(path, { force: true });
  }
}
