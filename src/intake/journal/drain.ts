import { setImmediate as yieldToIo } from "node:timers/promises";
import { describeError } from "../../errors/index.ts";
import type { Logger } from "../../log/logger.ts";
import type { DeliveryRecord } from "../../queue/index.ts";
import { decodeFrame } from "./frame.ts";

/** Deliveries stored in one transaction: the drain's batches and a replayed journal's alike. */
export const STORE_BATCH = 500;

/** What the drain takes: an `encodeRecord` frame, with whatever its writer needs to settle it. */
export interface DrainEntry {
  frame: Buffer;
}

export interface DrainOptions<E extends DrainEntry> {
  /** Stores a batch in the database, all or nothing. */
  store: (records: DeliveryRecord[]) => Promise<void>;
  /** Called with each batch once it is stored. */
  settle: (entries: readonly E[]) => void;
  logger: Logger;
  /** Waits for this long a pause in the deliveries before storing, so a burst is answered first... */
  idleMs?: number;
  /** ...but no delivery waits longer than this for the database, whatever the load... */
  maxDelayMs?: number;
  /** ...and no more than this many wait, which bounds the memory they hold. */
  maxBacklog?: number;
  batchSize?: number;
}

export interface Drain<E extends DrainEntry> {
  push(entries: readonly E[]): void;
  /** Stores everything pending now, once; rejects if the database refuses (the journal keeps it). */
  flush(): Promise<void>;
  /** Deliveries acknowledged but not yet in the database. */
  backlog(): number;
  stop(): void;
}

/**
 * Moves acknowledged deliveries from the journal into the database. During a burst the answers come
 * first: storing waits for a pause, or for the oldest delivery to reach `maxDelayMs` (or the backlog
 * `maxBacklog`), and then takes the oldest batches only until that is no longer so. A database error keeps the batch and retries it
 * with backoff; the journal still holds it, so even a crash in between loses nothing.
 */
export function startDrain<E extends DrainEntry>(o: DrainOptions<E>): Drain<E> {
  const idleMs = o.idleMs ?? 100;
  // Seconds do not matter to a job that runs for minutes; answering GitHub within its timeout does.
  const maxDelayMs = o.maxDelayMs ?? 5000;
  const maxBacklog = o.maxBacklog ?? 20_000;
  const batchSize = o.batchSize ?? STORE_BATCH;
  let pending: { entry: E; at: number }[] = [];
  let lastPush = 0;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let failures = 0;
  let stopped = false;

  const waitFor = (now: number): number => {
    if (pending.length >= maxBacklog) return 0;
    const oldest = pending[0]?.at ?? now;
    return Math.min(idleMs - (now - lastPush), maxDelayMs - (now - oldest));
  };
  let timerDue = 0;
  const schedule = (ms: number): void => {
    if (stopped || running || pending.length === 0) return;
    const due = performance.now() + Math.max(0, ms);
    if (timer && timerDue <= due) return;
    if (timer) clearTimeout(timer);
    timerDue = due;
    timer = setTimeout(tick, Math.max(0, ms));
    timer.unref();
  };
  const tick = (): void => {
    timer = null;
    const wait = failures > 0 ? 0 : waitFor(performance.now());
    if (wait > 0) {
      schedule(wait);
      return;
    }
    running = storeDue().finally(() => {
      running = null;
      schedule(failures > 0 ? Math.min(30_000, 250 * 2 ** failures) : waitFor(performance.now()));
    });
  };
  const storeBatch = async (): Promise<void> => {
    const batch = pending.slice(0, batchSize);
    await o.store(batch.map((p) => decodeFrame(p.entry.frame)));
    pending = pending.slice(batch.length);
    o.settle(batch.map((p) => p.entry));
  };
  const storeDue = async (): Promise<void> => {
    try {
      while (pending.length > 0 && !stopped && waitFor(performance.now()) <= 0) {
        await storeBatch();
        failures = 0;
        await yieldToIo();
      }
    } catch (error) {
      failures++;
      o.logger.error({ err: describeError(error), backlog: pending.length }, "storing deliveries failed; will retry");
    }
  };

  return {
    push(entries) {
      const at = performance.now();
      lastPush = at;
      for (const entry of entries) pending.push({ entry, at });
      schedule(waitFor(at));
    },
    async flush() {
      if (running) await running;
      while (pending.length > 0) await storeBatch();
    },
    backlog: () => pending.length,
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}
