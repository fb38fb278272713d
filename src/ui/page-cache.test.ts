import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { type Answer, PageCache } from "./page-cache.ts";

/** A clock the test moves, and a page whose every drawing says which it was. */
function setup(ttlMs = 1000) {
  let now = 0;
  const cache = new PageCache(ttlMs, { now: () => now, max: 3 });
  let drawings = 0;
  const draw = async (status = 200): Promise<Answer> => {
    drawings++;
    return { status, type: "text/html", body: Buffer.from(`drawing ${drawings}`) };
  };
  const text = async (answer: Promise<Answer>) => (await answer).body.toString();
  return { cache, draw, text, tick: (ms: number) => (now += ms), drawings: () => drawings };
}

describe("the dashboard's page cache", () => {
  it("serves one drawing of a page for its time to live, then draws it anew", async () => {
    const { cache, draw, text, tick } = setup();
    assert.equal(await text(cache.get("loopback /ui/jobs", () => draw())), "drawing 1");
    tick(999);
    assert.equal(await text(cache.get("loopback /ui/jobs", () => draw())), "drawing 1");
    tick(1);
    assert.equal(await text(cache.get("loopback /ui/jobs", () => draw())), "drawing 2");
  });

  it("shares one drawing between identical requests in flight, and keys by the whole request", async () => {
    const { cache, draw, text, drawings } = setup();
    const [a, b] = await Promise.all([
      text(cache.get("loopback /ui/jobs?page=2", () => draw())),
      text(cache.get("loopback /ui/jobs?page=2", () => draw())),
    ]);
    assert.equal(a, b);
    assert.equal(drawings(), 1);
    assert.equal(await text(cache.get("loopback /ui/jobs?page=3", () => draw())), "drawing 2");
    assert.equal(await text(cache.get("token /ui/jobs?page=2", () => draw())), "drawing 3", "let in otherwise");
  });

  it("drops every page on invalidate, and keeps no drawing begun before it", async () => {
    const { cache, text } = setup();
    let finish: (a: Answer) => void = () => {};
    const before = cache.get("loopback /ui/jobs", () => new Promise<Answer>((resolve) => (finish = resolve)));
    cache.invalidate();
    finish({ status: 200, type: "text/html", body: Buffer.from("before the change") });
    assert.equal(await text(before), "before the change", "its own caller still gets it");
    const after = cache.get("loopback /ui/jobs", async () => ({ status: 200, type: "t", body: Buffer.from("after") }));
    assert.equal(await text(after), "after");
  });

  it("keeps no error, draws a reload anew and keeps that, and holds a bounded number of pages", async () => {
    const { cache, draw, text, drawings } = setup();
    await cache.get("loopback /ui/jobs/x", () => draw(404));
    await cache.get("loopback /ui/jobs/x", () => draw(404));
    assert.equal(drawings(), 2, "a 404 is asked about again");
    await cache.get("loopback /ui/jobs", () => draw());
    assert.equal(await text(cache.get("loopback /ui/jobs", () => draw(), true)), "drawing 4");
    assert.equal(await text(cache.get("loopback /ui/jobs", () => draw())), "drawing 4", "the reload's is kept");
    for (const page of ["a", "b", "c"]) await cache.get(`loopback /ui/${page}`, () => draw());
    assert.equal(await text(cache.get("loopback /ui/jobs", () => draw())), "drawing 8", "the oldest went first");
  });

  it("keeps nothing with a time to live of 0", async () => {
    const { cache, draw, drawings } = setup(0);
    await cache.get("loopback /ui/jobs", () => draw());
    await cache.get("loopback /ui/jobs", () => draw());
    assert.equal(drawings(), 2);
  });
});
