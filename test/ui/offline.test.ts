import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import type { Browser } from "playwright-core";
import { silentLogger } from "../../src/log/logger.ts";
import type { JobRunner, StoredReport } from "../../src/queue/index.ts";
import { launchChromium, watchedPage } from "./browser.ts";
import { dashboardOnStore, queueJob } from "./support.ts";

const launched = await launchChromium();

const REPORT = {
  timings: { localize: 20, generate: 40, verify: 60 },
  usage: { inputTokens: 10, outputTokens: 5, costUsd: 0.001, calls: [{ step: "generate", ms: 30, inputTokens: 10 }] },
  verified: true,
  diff: { text: "diff --git a/x b/x\n+y\n", truncated: false },
  verification: { command: "pytest", rounds: [{ round: 1, passed: true, failures: [], durationMs: 50 }] },
} as unknown as StoredReport;

describe("the dashboard offline, in Chromium", { skip: typeof launched === "string" ? launched : false }, () => {
  const browser = launched as Browser;
  let close = async () => {};
  let base = "";
  let jobId = "";
  const token = "a-dashboard-token-0123456789";
  let locked = "";

  before(async () => {
    const setup = await dashboardOnStore();
    close = setup.close;
    base = setup.ui.url.replace(/\/ui\/$/, "");
    locked = (await setup.serve(token)).url;
    jobId = await queueJob(setup.store, { delivery: "d-1", repo: "octo/calc", issue: 3, title: "Add subtract" });
    const runner: JobRunner = {
      run: async () => ({ status: "succeeded", prUrl: "https://github.com/octo/calc/pull/7", report: REPORT }),
      reportFailure: async () => {},
    };
    const worker = await setup.store.startWorker({ runner, logger: silentLogger(), concurrency: 1 });
    for (let i = 0; i < 200 && (await setup.store.findJob(jobId)).job?.state !== "succeeded"; i++) await sleep(50);
    await worker.stop(0);
  });
  after(async () => {
    await browser.close();
    await close();
  });

  it("every page loads all it needs from booty itself: nothing is asked of any other host", async () => {
    const { page, incidents } = await watchedPage(browser);
    const elsewhere: string[] = [];
    const own = [new URL(base).host, new URL(locked).host];
    await page.route("**/*", (route) => {
      const url = new URL(route.request().url());
      if (own.includes(url.host)) return route.continue();
      elsewhere.push(url.href);
      return route.abort();
    });
    for (const path of ["/ui/jobs", `/ui/jobs/${jobId}`, "/ui/deliveries", "/ui/totals", "/ui/nothing"]) {
      await page.goto(`${base}${path}`);
      const sheets = await page.evaluate("document.styleSheets.length");
      assert.equal(sheets, 1, `${path}: booty's stylesheet`);
      const scripts = await page.locator("script").evaluateAll((s) => s.map((e) => e.getAttribute("src")));
      assert.deepEqual(scripts, ["/ui/static/app.js"], `${path}: booty's one script, none inline`);
    }
    await page.goto(`${locked}jobs`);
    assert.equal(await page.locator("form.login").count(), 1, "the sign-in form, as offline as the rest");
    assert.deepEqual(elsewhere, []);
    assert.deepEqual(
      incidents.filter((i) => !/status of (401|404)/.test(i)),
      [],
    );
    await page.close();
  });
});
