import type { ServerResponse } from "node:http";

/**
 * Server-sent events for the open pages: while anyone listens, the store is looked at every `everyMs`,
 * and each listener is told when what it shows changed (the page then fetches itself again). One look
 * serves every listener, however many pages are open. `onChange` runs before the listeners are told (and
 * on a first look, whose state nothing was compared with): the page cache is dropped there, so that the
 * pages fetched on the news are drawn after it.
 */
export class LiveFeed {
  readonly #listeners = new Set<ServerResponse>();
  readonly #fingerprint: () => Promise<string>;
  readonly #everyMs: number;
  readonly #onChange: () => void;
  #timer: NodeJS.Timeout | null = null;
  #last: string | null = null;
  #looking = false;

  constructor(fingerprint: () => Promise<string>, everyMs: number, onChange: () => void = () => {}) {
    this.#fingerprint = fingerprint;
    this.#everyMs = everyMs;
    this.#onChange = onChange;
  }

  /**
   * Starts a listener's stream. It is told "ready" once what it is compared against is taken, so that the
   * page, fetching itself again then, misses no change made between its first render and this moment.
   */
  async listen(res: ServerResponse): Promise<void> {
    res.writeHead(200, { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-store" });
    // The browser reconnects on its own after a drop; this says how soon.
    res.write("retry: 2000\n\n");
    if (this.#last === null) await this.#look();
    if (res.destroyed) return;
    res.write("event: ready\ndata: {}\n\n");
    this.#listeners.add(res);
    res.on("close", () => {
      this.#listeners.delete(res);
      if (this.#listeners.size === 0) this.#stop();
    });
    this.#timer ??= setInterval(() => void this.#look(), this.#everyMs);
  }

  async #look(): Promise<void> {
    if (this.#looking) return;
    this.#looking = true;
    try {
      const now = await this.#fingerprint();
      if (now !== this.#last) this.#onChange();
      if (this.#last !== null && now !== this.#last)
        for (const res of this.#listeners) res.write("event: change\ndata: {}\n\n");
      else for (const res of this.#listeners) res.write(": still here\n\n");
      this.#last = now;
    } catch {
      // The store did not answer this time: the next look tries again.
    } finally {
      this.#looking = false;
    }
  }

  #stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    this.#last = null;
  }

  close(): void {
    for (const res of this.#listeners) res.end();
    this.#listeners.clear();
    this.#stop();
  }
}
