import { percentile } from "./stats.ts";

export interface Readers {
  /** Stops the readers: how many pages they were served and their round trips' p95. */
  stop(): Promise<{ pages: number; p95: number }>;
}

const PAGES = ["jobs", "deliveries", "jobs?page=20", "jobs?state=failed&q=bug", "deliveries?page=20"];

/** A page asked for and read to the end; its round trip in ms, or null once the readers were stopped. */
async function ask(url: string, signal: AbortSignal): Promise<number | null> {
  const started = performance.now();
  const res = await fetch(url, { signal }).catch(() => null);
  if (!res) return null;
  await res.text().catch(() => "");
  if (res.status !== 200) throw new Error(`${url} answered ${res.status}`);
  return performance.now() - started;
}

/** Opens the live feed and hands each event's name to `onEvent`; resolves once the stream has begun. */
async function openFeed(base: string, signal: AbortSignal, onEvent: (name: string) => void) {
  const res = await fetch(`${base}/ui/events`, { signal });
  if (res.status !== 200 || !res.body) throw new Error(`the live feed answered ${res.status}`);
  let buffered = "";
  const reading = res.body.pipeThrough(new TextDecoderStream()).pipeTo(
    new WritableStream({
      write(text) {
        buffered += text;
        const events = buffered.split("\n\n");
        buffered = events.pop() ?? "";
        for (const e of events) onEvent(/^event: (\w+)/m.exec(e)?.[1] ?? "");
      },
    }),
  );
  // Wrapped: an async function returning the promise itself would wait for the stream's end.
  return { done: reading.catch(() => {}) };
}

/**
 * Readers as the stress case: each keeps the live feed open and asks for one list page after another,
 * `pauseMs` apart (0: back to back).
 */
export async function startLoopReaders(uiUrl: string, count: number, pauseMs: number): Promise<Readers> {
  const base = uiUrl.replace(/\/ui\/?$/, "");
  const abort = new AbortController();
  const ms: number[] = [];
  const feeds = await Promise.all(Array.from({ length: count }, () => openFeed(base, abort.signal, () => {})));
  let stopped = false;
  const loop = async (reader: number) => {
    for (let i = reader; !stopped; i++) {
      const took = await ask(`${base}/ui/${PAGES[i % PAGES.length]}`, abort.signal);
      if (took === null) return;
      ms.push(took);
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

/**
 * Open pages as a browser keeps them (src/ui/static/app.js): each fetches itself again when the live feed
 * says "ready" or "change", one fetch at a time, one more if a change came meanwhile.
 */
export async function startLiveReaders(uiUrl: string, count: number): Promise<Readers> {
  const base = uiUrl.replace(/\/ui\/?$/, "");
  const abort = new AbortController();
  const ms: number[] = [];
  const pending: Promise<void>[] = [];
  const page = (reader: number) => {
    let fetching = false;
    let again = false;
    const refresh = async (): Promise<void> => {
      if (fetching) {
        again = true;
        return;
      }
      fetching = true;
      const took = await ask(`${base}/ui/${PAGES[reader % PAGES.length]}`, abort.signal);
      if (took !== null) ms.push(took);
      fetching = false;
      if (again && !abort.signal.aborted) {
        again = false;
        await refresh();
      }
    };
    return (name: string) => {
      if (name === "ready" || name === "change") pending.push(refresh());
    };
  };
  const feeds = await Promise.all(Array.from({ length: count }, (_, i) => openFeed(base, abort.signal, page(i))));
  return {
    async stop() {
      abort.abort();
      await Promise.all([...feeds.map((f) => f.done), ...pending]);
      return { pages: ms.length, p95: percentile(ms, 0.95) };
    },
  };
}
