import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import type { Browser, Page } from "playwright-core";
import type { JobRunner, Store, StoredReport } from "../../src/queue/index.ts";
import { launchChromium, watchedPage } from "./browser.ts";
import { dashboardOnStore, gatedRunner, jobDelivery, queueJob, startTestWorker } from "./support.ts";

const launched = await launchChromium();
after(async () => {
  if (typeof launched !== "string") await launched.close();
});

const REPORT = {
  timings: { generate: 10 },
  usage: { inputTokens: 1, outputTokens: 1, costUsd: null },
  log: [{ at: "2026-12-02T22:00:00.000Z", level: "info", msg: "generated the change", step: "generate" }],
} as unknown as StoredReport;

/** How many times the page fetched itself on the live feed's news (app.js counts them on <body>). */
const refreshed = async (page: Page) => Number((await page.locator("body").getAttribute("data-refreshed")) ?? 0);

async function refreshedPast(page: Page, count: number): Promise<void> {
  for (let i = 0; i < 600 && (await refreshed(page)) <= count; i++) await sleep(50);
  assert.ok((await refreshed(page)) > count, "the page heard of the change");
}

describe("a page kept open while other jobs move", { skip: typeof launched === "string" ? launched : false }, () => {
  const browser = launched as Browser;
  let base = "";
  let jobId = "";
  let store: Store;
  let close = async () => {};

  before(async () => {
    const setup = await dashboardOnStore();
    ({ store, close } = setup);
    base = setup.ui.url.replace(/\/ui\/$/, "");
    jobId = await queueJob(store, { delivery: "d-1", repo: "octo/calc", issue: 3, title: "Add subtract" });
    const runner: JobRunner = {
      run: async () => ({ status: "succeeded", report: REPORT }),
      reportFailure: async () => {},
    };
    const worker = await startTestWorker(store, runner);
    for (let i = 0; i < 200 && (await store.findJob(jobId)).job?.state !== "succeeded"; i++) await sleep(50);
    await worker.stop(0);
  });
  after(async () => {
    await close();
  });

  it("stays as the person left it: the log they opened stays open when another job is queued", async () => {
    const { page, incidents } = await watchedPage(browser);
    await page.goto(`${base}/ui/jobs/${jobId}`);
    await refreshedPast(page, 0);
    await page.locator("details.log summary").click();
    await page.evaluate("document.getElementById('live').dataset.kept = 'yes'");
    const before = await refreshed(page);
    await queueJob(store, { delivery: "d-2", repo: "octo/calc", issue: 4, title: "Add divide" });
    await refreshedPast(page, before);
    assert.equal(await page.locator("details.log").evaluate((d) => d.hasAttribute("open")), true);
    assert.equal(await page.locator("#live").getAttribute("data-kept"), "yes", "an unchanged part is not redrawn");
    assert.deepEqual(incidents, []);
    await page.close();
  });

  it("a job's own page follows it from queued to running to succeeded, its steps drawn once it ends", async () => {
    const id = await queueJob(store, { delivery: "d-3", repo: "octo/calc", issue: 5, title: "Add modulo" });
    const { page, incidents } = await watchedPage(browser);
    await page.goto(`${base}/ui/jobs/${id}`);
    await page.evaluate("window.sameDocument = true");
    const state = () => page.locator("h1 .state").textContent();
    assert.equal(await state(), "queued");
    const { runner, open } = gatedRunner({ status: "succeeded", report: REPORT });
    const worker = await startTestWorker(store, runner, 2);
    try {
      for (let i = 0; i < 600 && (await state()) !== "running"; i++) await sleep(50);
      assert.equal(await state(), "running");
      assert.equal(await page.locator("svg.timeline").count(), 0);
      open();
      for (let i = 0; i < 600 && (await state()) !== "succeeded"; i++) await sleep(50);
      assert.equal(await state(), "succeeded");
      assert.equal(await page.locator("svg.timeline rect.bar").count(), 1, "the run's one step");
      assert.equal(await page.evaluate("window.sameDocument === true"), true, "the page was not reloaded");
    } finally {
      open();
      await worker.stop(0);
    }
    assert.deepEqual(incidents, []);
    await page.close();
  });
});

describe("a backlog of more jobs than the live feed looks at", {
  skip: typeof launched === "string" ? launched : false,
}, () => {
  const browser = launched as Browser;
  let store: Store;
  let ui: { url: string };
  let close = async () => {};
  before(async () => {
    const setup = await dashboardOnStore();
    ({ store, ui, close } = setup);
  });
  after(async () => {
    await close();
  });

  it("a job older than the newest 200 is followed too, when a backlog's oldest job starts", async () => {
    const old = await queueJob(store, { delivery: "d-old", repo: "octo/calc", issue: 6, title: "Add power" });
    await sleep(5);
    const newer = Array.from({ length: 200 }, (_, i) =>
      jobDelivery({ delivery: `d-new-${i}`, repo: "octo/other", issue: 100 + i, title: `Newer ${i}` }),
    );
    await store.storeDeliveries(newer);
    const { page, incidents } = await watchedPage(browser);
    await page.goto(`${ui.url.replace(/\/ui\/$/, "")}/ui/jobs/${old}`);
    await refreshedPast(page, 0);
    const state = () => page.locator("h1 .state").textContent();
    assert.equal(await state(), "queued");
    const { runner, open } = gatedRunner({ status: "succeeded", report: REPORT });
    const worker = await startTestWorker(store, runner);
    try {
      for (let i = 0; i < 600 && (await store.getJob(old))?.state !== "running"; i++) await sleep(50);
      assert.equal((await store.getJob(old))?.state, "running", "the oldest queued job starts first");
      for (let i = 0; i < 600 && (await state()) !== "running"; i++) await sleep(50);
      assert.equal(await state(), "running");
    } finally {
      open();
      await worker.stop(0);
    }
    assert.deepEqual(incidents, []);
    await page.close();
  });
});
