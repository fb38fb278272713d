import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { Browser } from "playwright-core";
import type { LocalRun } from "../../src/queue/index.ts";
import { localJobId } from "../../src/queue/index.ts";
import { launchChromium, screenshotDir, watchedPage } from "./browser.ts";
import { dashboardOnStore } from "./support.ts";

const HOSTILE_REPO = "octo/<script>alert(5)</script>";
const DAY = 86_400_000;

/** A finished job `daysAgo` days back, as `booty run` records one (the import sets its day). */
function job(
  n: number,
  repo: string,
  daysAgo: number,
  o: { ok: boolean; verified?: boolean; cost: number | null },
): LocalRun {
  const at = new Date(Date.now() - daysAgo * DAY).toISOString();
  return {
    id: localJobId(`totals-${n}`),
    repo,
    issueNumber: n,
    title: `Job ${n}`,
    actor: "alice",
    startedAt: at,
    finishedAt: at,
    status: o.ok ? "succeeded" : "failed",
    error: o.ok ? null : { message: "tests fail" },
    branch: null,
    report: {
      timings: { generate: 10 },
      usage: { inputTokens: 10, outputTokens: 5, costUsd: o.cost },
      verified: o.verified ?? null,
    },
  };
}

const launched = await launchChromium();

describe("the totals page in Chromium", { skip: typeof launched === "string" ? launched : false }, () => {
  const browser = launched as Browser;
  const shots = typeof launched === "string" ? "" : screenshotDir();
  let base = "";
  let close = async () => {};

  before(async () => {
    const setup = await dashboardOnStore();
    close = setup.close;
    base = setup.ui.url.replace(/\/ui\/$/, "");
    await setup.store.importLocalRuns([
      job(1, "octo/calc", 0, { ok: true, verified: true, cost: 0.5 }),
      job(2, "octo/calc", 0, { ok: true, verified: false, cost: 0.25 }),
      job(3, "octo/calc", 0, { ok: false, cost: 0.25 }),
      job(4, HOSTILE_REPO, 2, { ok: true, verified: true, cost: null }),
      job(5, "octo/old", 40, { ok: true, verified: true, cost: 9 }),
    ]);
  });
  after(async () => {
    await browser.close();
    await close();
    process.stdout.write(`# totals screenshots are in ${shots}\n`);
  });

  it("draws jobs, success rate, verified rate and cost per day and per repository, labels escaped", async () => {
    const { page, incidents } = await watchedPage(browser);
    await page.goto(`${base}/ui/totals`);
    const today = new Date().toISOString().slice(0, 10);
    const titles = async (caption: string) =>
      page.locator(`figure:has(figcaption:text-is("${caption}")) svg g title`).allTextContents();
    const perDay = (await titles("Jobs (succeeded darker)")).slice(0, 30);
    assert.equal(perDay.length, 30, "a column per day of the 30, empty days too");
    assert.equal(perDay.at(-1), `${today}: 3 jobs, 2 succeeded`);
    const success = await titles("Success rate");
    assert.ok(success.includes(`${today}: 67% of 3 finished succeeded`), success.join("\n"));
    const verified = await titles("Verified rate");
    assert.ok(verified.includes(`${today}: 50% of 2 succeeded verified`));
    const cost = await titles("Cost (USD)");
    assert.ok(cost.includes(`${today}: cost $1.00`));
    assert.ok(cost.includes(`octo/calc: cost $1.00`), "per repository too");
    assert.ok(cost.includes(`${HOSTILE_REPO}: cost none`), "a job without a price has no cost");
    assert.equal(
      cost.some((c) => c.includes("octo/old")),
      false,
      "40 days ago is outside the window",
    );
    assert.match((await page.locator("#live p").first().textContent()) ?? "", /^4 jobs since/);
    assert.equal(await page.locator("main script").count(), 0);
    await page.screenshot({ path: join(shots, "totals.png"), fullPage: true });
    await page.goto(`${base}/ui/totals?days=90`);
    assert.match((await page.locator("#live p").first().textContent()) ?? "", /^5 jobs since/);
    assert.deepEqual(incidents, []);
    await page.close();
  });
});
