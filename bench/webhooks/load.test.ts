import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { makeDeliveries } from "./deliveries.ts";
import { type Delivery, postAll } from "./load.ts";
import { hasWrk, wrkAll } from "./wrk.ts";

const scratch = mkdtempSync(join(tmpdir(), "booty-load-"));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** A server that records every delivery id it receives, and refuses one in `refuseEvery`. */
async function recorder(refuseEvery: number) {
  const seen: string[] = [];
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      seen.push(String(req.headers["x-github-delivery"]));
      res.writeHead(seen.length % refuseEvery === 0 ? 400 : 202).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, seen, close: () => new Promise((r) => server.close(r)) };
}

async function checkLoad(
  load: (
    url: string,
    d: Delivery[],
    c: number,
  ) => Promise<{ requests: number; statuses: Record<string, number>; p50: number; p99: number; perSecond: number }>,
) {
  const deliveries = makeDeliveries(300, "s");
  const server = await recorder(50);
  try {
    const result = await load(server.url, deliveries, 8);
    const ids = deliveries.map((d) => d.headers["x-github-delivery"]);
    assert.ok(
      ids.every((id) => server.seen.includes(id as string)),
      "every delivery was posted",
    );
    assert.equal(result.requests, 300);
    assert.ok(result.perSecond > 0 && result.p50 > 0 && result.p99 >= result.p50);
    const refused = Object.entries(result.statuses)
      .filter(([k]) => k !== "202")
      .reduce((n, [, v]) => n + v, 0);
    assert.ok(refused >= 6 && refused <= 7, `refused answers are counted (${JSON.stringify(result.statuses)})`);
  } finally {
    await server.close();
  }
}

test("the Node load generator posts every delivery and counts what was refused", () => checkLoad(postAll));

test("wrk posts every delivery and counts what was refused", async (t) => {
  if (!(await hasWrk())) {
    if (process.env.CI) assert.fail("wrk is not installed (apt-get install wrk)");
    return t.skip("wrk is not installed");
  }
  await checkLoad((url, d, c) => wrkAll(url, d, c, scratch));
});
