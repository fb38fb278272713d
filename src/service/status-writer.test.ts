import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { type Clock, createStatusWriter } from "./status-writer.ts";

/** A clock moved by hand: timers fire only when the test advances past them. */
function manualClock(): Clock & { advance(ms: number): Promise<void> } {
  let now = 0;
  let timers: { at: number; fn: () => void }[] = [];
  return {
    now: () => now,
    later(fn, ms) {
      const timer = { at: now + ms, fn };
      timers.push(timer);
      return () => {
        timers = timers.filter((t) => t !== timer);
      };
    },
    // Fires due timers in time order, each at its own moment, letting the writes it starts run.
    async advance(ms) {
      const end = now + ms;
      for (;;) {
        for (let i = 0; i < 5; i += 1) await Promise.resolve();
        const next = timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at)[0];
        if (!next) break;
        timers = timers.filter((t) => t !== next);
        now = Math.max(now, next.at);
        next.fn();
      }
      now = end;
      for (let i = 0; i < 5; i += 1) await Promise.resolve();
    },
  };
}

function recorder(clock: Clock) {
  const writes: { at: number; body: string }[] = [];
  const errors: unknown[] = [];
  const writer = createStatusWriter({
    clock,
    write: async (body) => {
      writes.push({ at: clock.now(), body });
    },
    onError: (e) => errors.push(e),
  });
  return { writes, errors, writer };
}

describe("the status comment's writer", () => {
  test("the first state goes out at once; states within 5 s coalesce, and the latest goes out when the gap ends", async () => {
    const clock = manualClock();
    const { writes, writer } = recorder(clock);
    writer.update("localized");
    await clock.advance(0);
    writer.update("analysed");
    writer.update("editing");
    await clock.advance(1000);
    assert.deepEqual(
      writes.map((w) => w.body),
      ["localized"],
      "nothing more within the gap",
    );
    writer.update("tests round 1");
    await clock.advance(4000);
    assert.deepEqual(
      writes.map((w) => [w.at, w.body]),
      [
        [0, "localized"],
        [5000, "tests round 1"],
      ],
    );
    writer.update("tests round 2");
    await clock.advance(20000);
    assert.deepEqual(writes.at(-1), { at: 10000, body: "tests round 2" });
  });

  test("the final state is always written, after the gap, and a waiting state is dropped for it", async () => {
    const clock = manualClock();
    const { writes, writer } = recorder(clock);
    writer.update("localized");
    writer.update("analysed");
    let done = false;
    const finished = writer.finish("pull request opened").then(() => {
      done = true;
    });
    await clock.advance(1000);
    assert.equal(done, false, "the final write waits for the gap");
    await clock.advance(4000);
    await finished;
    assert.deepEqual(
      writes.map((w) => [w.at, w.body]),
      [
        [0, "localized"],
        [5000, "pull request opened"],
      ],
    );
    writer.update("late");
    await clock.advance(60000);
    assert.equal(writes.length, 2, "nothing after the final state");
  });

  test("edits are at least 5 s apart however the states come", async () => {
    const clock = manualClock();
    const { writes, writer } = recorder(clock);
    for (let i = 0; i < 40; i += 1) {
      writer.update(`state ${i}`);
      await clock.advance(700);
    }
    const final = writer.finish("done");
    await clock.advance(5000);
    await final;
    for (let i = 1; i < writes.length; i += 1) {
      const gap = (writes[i]?.at ?? 0) - (writes[i - 1]?.at ?? 0);
      assert.ok(gap >= 5000, `edit ${i} came ${gap} ms after the one before`);
    }
    assert.equal(writes.at(-1)?.body, "done");
    assert.ok(writes.length <= 8, `${writes.length} edits in 33 s`);
  });

  test("a failed intermediate write is reported and the final write still goes out; the final write's error is thrown", async () => {
    const clock = manualClock();
    const errors: unknown[] = [];
    const bodies: string[] = [];
    const writer = createStatusWriter({
      clock,
      lastWriteAt: 0,
      write: async (body) => {
        if (body !== "done") throw new Error(`no ${body}`);
        bodies.push(body);
      },
      onError: (e) => errors.push(e),
    });
    writer.update("localized");
    await clock.advance(5000);
    assert.match(String(errors[0]), /no localized/);
    const final = writer.finish("done");
    await clock.advance(5000);
    await final;
    assert.deepEqual(bodies, ["done"]);
    const failing = createStatusWriter({
      clock,
      write: () => Promise.reject(new Error("forge down")),
      onError: () => {},
    });
    await assert.rejects(failing.finish("done"), /forge down/);
  });

  test("a shutdown does not wait for the gap: the final state goes out at once", async () => {
    const clock = manualClock();
    const { writes, writer } = recorder(clock);
    writer.update("localized");
    const stop = new AbortController();
    const finished = writer.finish("interrupted", stop.signal);
    await clock.advance(1000);
    assert.equal(writes.length, 1, "still waiting for the gap");
    stop.abort();
    await finished;
    assert.deepEqual(
      writes.map((w) => [w.at, w.body]),
      [
        [0, "localized"],
        [1000, "interrupted"],
      ],
    );
    const again = recorder(clock);
    again.writer.update("localized");
    await again.writer.finish("done", stop.signal);
    assert.equal(again.writes.at(-1)?.body, "done", "an already aborted signal does not wait at all");
  });
});
