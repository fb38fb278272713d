import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Pace } from "./pace.ts";

describe("the dashboard's pace", () => {
  it("lets a burst through at once, queues what comes beyond it in order, refuses beyond the queue", async () => {
    let now = 0;
    const pace = new Pace({ perSecond: 1000, burst: 2, queue: 2, now: () => now });
    assert.equal(await pace.admit(), true);
    assert.equal(await pace.admit(), true);
    const order: number[] = [];
    const third = pace.admit().then((ok) => order.push(3) && ok);
    const fourth = pace.admit().then((ok) => order.push(4) && ok);
    assert.equal(await pace.admit(), false, "two wait already");
    now += 2; // two tokens' worth: the timer lets both waiting go, the earlier first
    assert.deepEqual(await Promise.all([third, fourth]), [true, true]);
    assert.deepEqual(order, [3, 4]);
    pace.close();
  });

  it("lets everyone waiting go when closed", async () => {
    const pace = new Pace({ perSecond: 0.001, burst: 1, queue: 5 });
    assert.equal(await pace.admit(), true);
    const waiting = pace.admit();
    pace.close();
    assert.equal(await waiting, true);
  });
});
