import { percentile } from "./stats.ts";

export interface Readers {
  /** Stops the readers: how many pages they were served and their round trips' p95. */
  stop(): Promise<{ pages: number; p95: number }>;
}

const PAGES = ["jobs", "deliveries", "jobs?page=20", "jobs?state=failed&q=bug", "deliveries?page=20"];

/**
 * People with the dashboard open while webhooks pour in: each reader keeps the live feed (SSE) open and
 * asks for one list page after another, `pauseMs` apart (0: back to back, the worst case).
 */
export async function startReaders(uiUrl: string, count: number, pauseMs: number): Promise<Readers> {
  const base = uiUrl.replace(/\/ui\/?$/, "");
  const abort = new AbortController();
  const ms: number[] = [];
  const feeds = await Promise.all(
    Array.from({ length: count }, async () => {
      const res = await fetch(`${base}/ui/events`, { signal: abort.signal });
      if (res.status !== 200 || !res.body) throw new Error(`the live feed answered ${res.status}`);
      // Read to the end, so that the server's writes never back up; ended by the abort. Wrapped, since an
      // async function returning the promise itself would wait for that end.
      return { done: res.body.pipeTo(new WritableStream()).catch(() => {}) };
    }),
  );
  let stopped = false;
  const loop = async (reader: number) => {
    for (let i = reader; !stopped; i++) {
      const started = performance.now();
      const res = await fetch(`${base}/ui/${PAGES[i % PAGES.length]}`, { signal: abort.signal }).catch(() => null);
      if (!res) return;
      await res.text().catch(() => "");
      if (res.status !== 200) throw new Error(`a dashboard page answered ${res.status}`);
      ms.push(performance.now() - started);
      if (pauseMs > 0) await new Promise((r) => setTimeout(r, pauseMs));
    }
  };
  const loops = Array.from({ length: count }, (_, reader) => loop(reader));
  return {
    async stop() {
      stopped = true;
      await Promise.all(loops);
      abort.abort();
      await Promise.all(feeds.map((f) => f.done));
      return { pages: ms.length, p95: percentile(ms, 0.95) };
    },
  };
}
