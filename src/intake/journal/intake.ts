import { readFileSync, rmSync } from "node:fs";
import type { Logger } from "../../log/logger.ts";
import type { DeliveryRecord } from "../../queue/index.ts";
import { type DrainEntry, STORE_BATCH, startDrain } from "./drain.ts";
import { decodeRecords } from "./frame.ts";
import { isolatingStore } from "./isolate.ts";
import { type JournalEntry, openJournal } from "./journal.ts";
import { orphanSegments, segmentsOf } from "./segment-files.ts";

/** The port the webhook handler writes to. */
export interface Intake {
  /** Resolves once the delivery (an `encodeRecord` frame) is durable; it reaches the database shortly after. */
  append(frame: Buffer): Promise<void>;
  /** Deliveries acknowledged but not yet in the database. */
  backlog(): number;
  /** Stores what is pending, then closes the journal; what could not be stored waits for the next start. */
  close(): Promise<void>;
}

export interface DrainSettings {
  /** The journal's folder, one per data directory. */
  dir: string;
  /** Stores a batch of deliveries and their jobs in the database, in one transaction. */
  store: (records: DeliveryRecord[]) => Promise<void>;
  logger: Logger;
  idleMs?: number;
  maxDelayMs?: number;
}

export interface IntakeOptions extends DrainSettings {
  /** See openJournal: flush the disk before every answer, or every 100 ms. */
  fsync?: "always" | "interval";
}

/**
 * The database side of the intake: what the journal's writers (this thread's, or the intake threads')
 * made durable goes into the database in batches. Each entry is settled through `settle` once stored.
 */
export interface IntakeDrain<E extends DrainEntry> {
  push(entries: readonly E[]): void;
  backlog(): number;
  /**
   * Stores the segments that writers which are gone left behind (`liveTags` are the writers still at
   * work), then deletes them. Storing is idempotent by delivery id, so replaying a segment that was partly
   * stored is harmless.
   */
  replay(liveTags: ReadonlySet<string>): Promise<void>;
  /** Stores what is pending; true when everything was. What could not be stored waits in the journal. */
  close(): Promise<boolean>;
}

/**
 * Opens the database side of the intake: first stores whatever a previous process acknowledged but did
 * not store (it was killed, or the database was down), then stores what is pushed.
 */
export async function openIntakeDrain<E extends DrainEntry>(
  o: DrainSettings & { settle: (entries: readonly E[]) => void },
): Promise<IntakeDrain<E>> {
  const store = isolatingStore(o.store, o.logger);
  const replay = async (liveTags: ReadonlySet<string>): Promise<void> => {
    for (const path of orphanSegments(o.dir, liveTags)) await replaySegment(path, store, o.logger);
  };
  await replay(new Set());
  const drain = startDrain<E>({
    store,
    settle: o.settle,
    logger: o.logger,
    ...(o.idleMs !== undefined ? { idleMs: o.idleMs } : {}),
    ...(o.maxDelayMs !== undefined ? { maxDelayMs: o.maxDelayMs } : {}),
  });
  return {
    push: (entries) => drain.push(entries),
    backlog: () => drain.backlog(),
    replay,
    async close() {
      drain.stop();
      try {
        await drain.flush();
        return true;
      } catch (error) {
        o.logger.warn({ err: error, backlog: drain.backlog() }, "deliveries left in the journal for the next start");
        return false;
      }
    },
  };
}

/** Deletes what writers under these tags left of their segments, once all of it is in the database. */
export function discardSegments(dir: string, tags: ReadonlySet<string>): void {
  for (const path of segmentsOf(dir, tags)) rmSync(path, { force: true });
}

/**
 * The journal and its drain in one thread: the intake of a single writer. `booty serve` composes the
 * same parts across its intake threads (intake/threads/host.ts); this composition is what the journal's
 * and the store's tests drive.
 */
export async function openIntake(options: IntakeOptions): Promise<Intake> {
  let journal: ReturnType<typeof openJournal> | null = null;
  const drain = await openIntakeDrain<JournalEntry>({ ...options, settle: (entries) => journal?.settle(entries) });
  const local = openJournal({
    dir: options.dir,
    onDurable: (entries) => drain.push(entries),
    onSyncError: (error, path) => reportSyncError(options.logger, error, path),
    ...(options.fsync ? { fsync: options.fsync } : {}),
  });
  journal = local;
  return {
    append: (frame) => local.append(frame),
    backlog: () => drain.backlog(),
    async close() {
      await drain.close();
      await local.close();
    },
  };
}

export function reportSyncError(logger: Logger, error: Error, path: string): void {
  logger.error(
    { err: error, path },
    "could not flush the intake journal to disk; a power loss now may lose deliveries",
  );
}

async function replaySegment(path: string, store: (records: DeliveryRecord[]) => Promise<void>, logger: Logger) {
  let buf: Buffer;
  try {
    buf = readFileSync(path);
  } catch (error) {
    // Replayed and deleted meanwhile by another replay.
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
    throw error;
  }
  const { records, validBytes } = decodeRecords(buf);
  if (validBytes < buf.length) {
    logger.warn({ path, bytes: buf.length - validBytes }, "dropping a torn record at the end of a journal");
  }
  for (let i = 0; i < records.length; i += STORE_BATCH) await store(records.slice(i, i + STORE_BATCH));
  if (records.length > 0) logger.info({ path, deliveries: records.length }, "stored deliveries from a journal");
  rmSync(path, { force: true });
}
