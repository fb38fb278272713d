/** A page as it goes out: scrubbed and encoded once, so that a cached answer costs only its write. */
export interface Answer {
  status: number;
  type: string;
  body: Buffer;
}

interface Entry {
  answer: Promise<Answer>;
  /** When it stops being served (ms, `now()`'s clock); null while it is still being drawn. */
  until: number | null;
  generation: number;
}

/**
 * The dashboard's pages for a moment (`ttlMs`, about a second): readers asking for the same page again
 * and again, or many at once, are served one drawing of it, so that a flood of readers costs the store
 * and the CPU about what one reader a second does, and the intake beside it keeps its pace. Identical
 * requests in flight share one drawing. `invalidate()` drops every page at once: the live feed calls it
 * when the store changed, so a page fetched again on its "change" event is drawn anew, never served from
 * before the change. Keys are the whole request (how access was granted, path and query); a key is only
 * looked up after the access rule let the request in.
 */
export class PageCache {
  readonly #ttlMs: number;
  readonly #now: () => number;
  readonly #max: number;
  readonly #entries = new Map<string, Entry>();
  #generation = 0;

  constructor(ttlMs: number, o: { now?: () => number; max?: number } = {}) {
    this.#ttlMs = ttlMs;
    this.#now = o.now ?? (() => performance.now());
    this.#max = o.max ?? 100;
  }

  /**
   * The page under `key`: drawn by `draw` unless a drawing of it is fresh or under way. `anew`: drawn
   * now whatever is kept (a reload), and kept for those who ask next.
   */
  get(key: string, draw: () => Promise<Answer>, anew = false): Promise<Answer> {
    const now = this.#now();
    const found = this.#entries.get(key);
    const current = found && found.generation === this.#generation && (found.until === null || found.until > now);
    if (current && !anew) return found.answer;
    if (this.#ttlMs <= 0) return draw();
    const generation = this.#generation;
    const entry: Entry = { answer: draw(), until: null, generation };
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    this.#evict();
    entry.answer.then(
      (answer) => {
        // Only a 200 is kept: an error or a missing job is asked about again. A drawing begun before an
        // invalidation is not kept either, as it may show what was true before the change.
        if (answer.status === 200 && generation === this.#generation && this.#entries.get(key) === entry)
          entry.until = this.#now() + this.#ttlMs;
        else this.#drop(key, entry);
      },
      () => this.#drop(key, entry),
    );
    return entry.answer;
  }

  /** Forgets every page, and every drawing under way as far as later requests are concerned. */
  invalidate(): void {
    this.#generation++;
    this.#entries.clear();
  }

  #drop(key: string, entry: Entry): void {
    if (this.#entries.get(key) === entry) this.#entries.delete(key);
  }

  /** Many different queries (a crawler, a person paging far) must not grow memory without bound. */
  #evict(): void {
    for (const key of this.#entries.keys()) {
      if (this.#entries.size <= this.#max) return;
      this.#entries.delete(key);
    }
  }
}
