/** Time as the status writer sees it: injected, so tests move it by hand instead of sleeping. */
export interface Clock {
  now(): number;
  /** Calls `fn` after `ms`; returns what cancels it. */
  later(fn: () => void, ms: number): () => void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  later(fn, ms) {
    const timer = setTimeout(fn, ms);
    timer.unref();
    return () => clearTimeout(timer);
  },
};

/** GitHub's secondary rate limits frown on a burst of edits; one per job every 5 seconds stays well within. */
export const STATUS_GAP_MS = 5000;

export interface StatusWriter {
  /** The latest state wins: a body arriving within the gap replaces the one waiting, and goes out when it ends. */
  update(body: string): void;
  /**
   * Writes the final body (after the gap, if one is running) once earlier writes are done; its error is
   * thrown. An aborted `signal` (a shutdown) cuts the wait short: the job must hand back its slot now.
   */
  finish(body: string, signal?: AbortSignal): Promise<void>;
  /** Drops what is waiting and writes nothing more (the job ended some other way). */
  abandon(): void;
}

/**
 * Edits one comment at most once per `gapMs`, coalescing what comes between. Writes go out one at a
 * time, in order, so an earlier state never lands after a later one. Intermediate writes are best effort:
 * their errors go to `onError` and the next state tries again.
 */
export function createStatusWriter(o: {
  write(body: string): Promise<void>;
  clock: Clock;
  onError(error: unknown): void;
  gapMs?: number;
  /** When the comment was last written (e.g. the start comment the runner wrote itself). */
  lastWriteAt?: number;
}): StatusWriter {
  const gap = o.gapMs ?? STATUS_GAP_MS;
  let last = o.lastWriteAt ?? Number.NEGATIVE_INFINITY;
  let waiting: string | null = null;
  let cancel: (() => void) | null = null;
  let current: Promise<void> = Promise.resolve();
  let busy = false;
  let finished = false;

  // Sends the waiting state once the gap since the last edit has passed and no edit is in flight.
  const pump = () => {
    cancel = null;
    if (busy || finished || waiting === null) return;
    const wait = last + gap - o.clock.now();
    if (wait > 0) {
      cancel = o.clock.later(pump, wait);
      return;
    }
    const body = waiting;
    waiting = null;
    busy = true;
    last = o.clock.now();
    current = o
      .write(body)
      .catch((error: unknown) => o.onError(error))
      .finally(() => {
        busy = false;
        pump();
      });
  };
  return {
    update(body) {
      if (finished) return;
      waiting = body;
      if (!cancel) pump();
    },
    async finish(body, signal) {
      finished = true;
      cancel?.();
      cancel = null;
      waiting = null;
      await current;
      const wait = last + gap - o.clock.now();
      if (wait > 0 && !signal?.aborted) await pause(o.clock, wait, signal);
      last = o.clock.now();
      await o.write(body);
    },
    abandon() {
      finished = true;
      cancel?.();
      cancel = null;
      waiting = null;
    },
  };
}

/** Waits `ms` by the clock, or until `signal` aborts. */
function pause(clock: Clock, ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise<void>((resolve) => {
    const onAbort = () => {
      cancel();
      resolve();
    };
    const cancel = clock.later(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
