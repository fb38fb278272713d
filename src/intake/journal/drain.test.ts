import assert from "node:assert/strict";
import { test } from "node:test";
import { silentLogger } from "../../log/logger.ts";
import type { DeliveryRecord } from "../../queue/index.ts";
import { startDrain } from "./drain.ts";
import { decodeFrame, encodeRecord } from "./frame.ts";
import type { JournalEntry } from "./journal.ts";

const entry = (id: string) =>
  ({
    frame: encodeRecord({ id, event: "ping", action: null, repo: null, outcome: "ignored", payload: "", job: null }),
    segment: {},
  }) as unknown as JournalEntry;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function drainWith(o: { idleMs: number; maxDelayMs: number; maxBacklog?: number }) {
  const stored: DeliveryRecord[][] = [];
  const settled: string[] = [];
  const drain = startDrain({
    ...o,
    logger: silentLogger(),
    store: async (records) => {
      stored.push(records);
    },
    settle: (entries) => settled.push(...entries.map((e) => decodeFrame(e.frame).id)),
  });
  return { drain, stored, settled };
}

test("a steady stream of deliveries is stored only once it pauses, unless the oldest has waited too long", async () => {
  const { drain, stored, settled } = drainWith({ idleMs: 40, maxDelayMs: 10_000 });
  for (let i = 0; i < 10; i++) {
    drain.push([entry(`s-${i}`)]);
    await sleep(10);
  }
  assert.equal(stored.length, 0, "no pause yet: nothing stored");
  await sleep(80);
  assert.deepEqual(
    stored.flat().map((r) => r.id),
    Array.from({ length: 10 }, (_, i) => `s-${i}`),
  );
  assert.equal(settled.length, 10);
  drain.stop();

  const late = drainWith({ idleMs: 1_000, maxDelayMs: 50 });
  for (let i = 0; i < 12; i++) {
    late.drain.push([entry(`l-${i}`)]);
    await sleep(10);
  }
  assert.ok(late.stored.length > 0, "the deadline stores during the stream");
  assert.ok(late.drain.backlog() < 12);
  late.drain.stop();
});

test("a backlog at its bound is stored at once; flush stores everything", async () => {
  const { drain, stored } = drainWith({ idleMs: 10_000, maxDelayMs: 10_000, maxBacklog: 3 });
  drain.push([entry("a"), entry("b")]);
  await sleep(30);
  assert.equal(stored.length, 0);
  drain.push([entry("c")]);
  await sleep(30);
  assert.deepEqual(
    stored.flat().map((r) => r.id),
    ["a", "b", "c"],
  );
  drain.push([entry("d")]);
  drain.stop();
  await drain.flush();
  assert.equal(drain.backlog(), 0);
  assert.deepEqual(
    stored.at(-1)?.map((r) => r.id),
    ["d"],
  );
});
