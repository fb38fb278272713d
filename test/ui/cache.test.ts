import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { dashboardOnStore, queueJob } from "./support.ts";

const TOKEN = "a-dashboard-token-0123456789";
/** Kept far longer than the dashboard's second, so that nothing here depends on how fast it runs. */
const KEPT = { cacheMs: 600_000 };

/** The live feed's events as they come, and a way to wait for the next of a name. */
async function listen(url: string) {
  const abort = new AbortController();
  const res = await fetch(`${url}events`, { signal: abort.signal });
  const reader = (res.body as ReadableStream<Uint8Array>).pipeThrough(new TextDecoderStream()).getReader();
  let seen = "";
  const next = async (name: string) => {
    while (!seen.includes(`event: ${name}\n`)) {
      const { value, done } = await reader.read();
      if (done) assert.fail(`the feed ended before "${name}"`);
      seen += value;
    }
    seen = seen.slice(seen.indexOf(`event: ${name}\n`) + name.length + 8);
  };
  return { next, stop: () => abort.abort() };
}

describe("the dashboard under readers asking again and again", async () => {
  const { store, serve, close } = await dashboardOnStore();
  after(close);
  const text = async (url: string, init?: RequestInit) => (await fetch(url, init)).text();

  it("serves a page kept for a moment to the same request; a reload is drawn anew", async () => {
    const ui = await serve(undefined, { ...KEPT, pollMs: 600_000 });
    assert.doesNotMatch(await text(`${ui.url}jobs`), /Kept job/);
    await queueJob(store, { delivery: "c-1", repo: "octo/calc", issue: 1, title: "Kept job" });
    assert.doesNotMatch(await text(`${ui.url}jobs`), /Kept job/, "the kept drawing");
    assert.match(await text(`${ui.url}jobs?repo=octo/calc`), /Kept job/, "another query is another page");
    assert.match(await text(`${ui.url}jobs`, { headers: { "cache-control": "max-age=0" } }), /Kept job/);
    assert.match(await text(`${ui.url}jobs`), /Kept job/, "the reload's drawing is the one kept now");
  });

  it("draws anew once the live feed saw the store change, so a page fetched on the news is current", async () => {
    const ui = await serve(undefined, KEPT);
    const feed = await listen(ui.url);
    try {
      await feed.next("ready");
      assert.doesNotMatch(await text(`${ui.url}deliveries`), /c-live/);
      await queueJob(store, { delivery: "c-live", repo: "octo/calc", issue: 2, title: "Live job" });
      await feed.next("change");
      assert.match(await text(`${ui.url}deliveries`), /c-live/);
    } finally {
      feed.stop();
    }
  });

  it("checks the token before any kept page is looked at", async () => {
    const ui = await serve(TOKEN, KEPT);
    const right = await fetch(`${ui.url}jobs`, { headers: { authorization: `Bearer ${TOKEN}` } });
    assert.equal(right.status, 200);
    assert.match(await right.text(), /Kept job/);
    for (const headers of [{}, { authorization: "Bearer not-the-token-000000000" }]) {
      const res = await fetch(`${ui.url}jobs`, { headers });
      assert.equal(res.status, 401);
      assert.doesNotMatch(await res.text(), /Kept job/);
    }
  });

  it("beyond its pace and queue, answers 503 with Retry-After, and lets static files through", async () => {
    const ui = await serve(undefined, { pace: { perSecond: 0.001, burst: 1, queue: 0 } });
    assert.equal((await fetch(`${ui.url}jobs`)).status, 200);
    const busy = await fetch(`${ui.url}deliveries`);
    assert.equal(busy.status, 503);
    assert.equal(busy.headers.get("retry-after"), "1");
    assert.match(await busy.text(), /busy/);
    assert.equal((await fetch(`${ui.url}static/app.js`)).status, 200);
  });
});
