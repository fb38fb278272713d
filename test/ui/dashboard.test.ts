import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import type { Browser, Page } from "playwright-core";
import type { Store, StoredReport, Worker } from "../../src/queue/index.ts";
import { launchChromium, screenshotDir, watchedPage } from "./browser.ts";
import { dashboardOnStore, gatedRunner, queueJob, startTestWorker } from "./support.ts";

const HOSTILE_TITLE = "<img src=x onerror=alert(1)>";
const HOSTILE_LOG = "</script><script>alert(2)</script>";
const launched = await launchChromium();
/** Until every job the page lists shows `state` (looked at from here: the page's CSP forbids eval). */
async function allStates(page: Page, state: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    const states = await page.locator("tbody .state").allTextContents();
    if (states.length > 0 && states.every((s) => s === state)) return;
    await sleep(50);
  }
  assert.fail(`the page never showed every job ${state}`);
}

/** A run's report full of hostile text. */
const HOSTILE_REPORT = {
  timings: { workspace: 100, localize: 300, generate: 1200, verify: 2400, publish: 200 },
  usage: { inputTokens: 1000, outputTokens: 200, costUsd: 0.012 },
  verified: true,
  changedFiles: [`calc/${HOSTILE_LOG}.py`],
  verification: {
    command: "pytest -q",
    rounds: [
      { round: 1, passed: false, failures: [`test_sub ${HOSTILE_LOG}`], durationMs: 900 },
      { round: 2, passed: true, failures: [], durationMs: 800 },
    ],
    targets: [{ id: "tests/test_calc.py::test_sub", before: "failed", after: null }],
    regressions: [],
  },
} as StoredReport;

describe("the dashboard in Chromium", { skip: typeof launched === "string" ? launched : false }, () => {
  const browser = launched as Browser;
  const shots = typeof launched === "string" ? "" : screenshotDir();
  let store: Store;
  let base: string;
  let worker: Worker | null = null;
  let close = async () => {};
  let serve: (token?: string) => Promise<{ url: string }>;
  let hostileJob = "";

  before(async (t) => {
    const setup = await dashboardOnStore();
    close = setup.close;
    serve = setup.serve;
    store = setup.store;
    base = setup.ui.url.replace(/\/ui\/$/, "");
    hostileJob = await queueJob(store, { delivery: "d-1", repo: "octo/calc", issue: 3, title: HOSTILE_TITLE });
    await queueJob(store, { delivery: "d-2", repo: "octo/other", issue: 4, title: "Add subtract" });
    t.diagnostic?.(`screenshots: ${shots}`);
  });
  after(async () => {
    await worker?.stop(0);
    await browser.close();
    await close();
    process.stdout.write(`# dashboard screenshots are in ${shots}\n`);
  });

  it("lists the store's jobs, filters them, and shows a hostile title as text that runs nothing", async () => {
    const { page, incidents } = await watchedPage(browser);
    await page.goto(`${base}/ui/jobs`);
    assert.equal(await page.locator("tbody tr").count(), 2);
    assert.equal(await page.locator(`tr[data-job="${hostileJob}"] .title`).textContent(), HOSTILE_TITLE);
    assert.equal(await page.locator("main img").count(), 0, "the title's markup became no element");
    await page.screenshot({ path: join(shots, "jobs.png"), fullPage: true });
    await page.goto(`${base}/ui/jobs?repo=octo/other`);
    assert.deepEqual(await page.locator("tbody tr .title").allTextContents(), ["Add subtract"]);
    await page.goto(`${base}/ui/jobs?q=${encodeURIComponent("onerror")}`);
    assert.deepEqual(await page.locator("tbody tr .title").allTextContents(), [HOSTILE_TITLE]);
    await page.goto(`${base}/ui/jobs?state=running`);
    assert.equal(await page.locator("tbody tr").count(), 0);
    assert.match((await page.locator(".empty").textContent()) ?? "", /match these filters/);
    assert.deepEqual(incidents, []);
    await page.close();
  });

  it("follows jobs from queued to running to succeeded without a reload", async () => {
    const { page, incidents } = await watchedPage(browser);
    await page.goto(`${base}/ui/jobs`);
    await page.evaluate("window.sameDocument = true");
    const states = () => page.locator("tbody .state").allTextContents();
    assert.deepEqual(await states(), ["queued", "queued"]);
    const { runner, open } = gatedRunner({
      status: "succeeded",
      prUrl: "https://github.com/octo/calc/pull/7",
      report: HOSTILE_REPORT,
    });
    worker = await startTestWorker(store, runner, 2);
    await allStates(page, "running");
    open();
    await allStates(page, "succeeded");
    assert.equal(await page.evaluate("window.sameDocument === true"), true, "the page was not reloaded");
    assert.equal(await page.locator(`tr[data-job="${hostileJob}"] td:last-child`).textContent(), "yes");
    const cost = page.locator(`tr[data-job="${hostileJob}"] td:nth-last-child(2)`);
    assert.equal(await cost.textContent(), "$0.01");
    await page.screenshot({ path: join(shots, "jobs-live.png"), fullPage: true });
    assert.deepEqual(incidents, []);
    await page.close();
  });

  it("draws a job's steps to scale and its verification, running none of the hostile text", async () => {
    const { page, incidents } = await watchedPage(browser);
    await page.goto(`${base}/ui/jobs/${hostileJob}`);
    const widths = await page
      .locator("svg.timeline rect.bar")
      .evaluateAll((rects) => rects.map((r) => Number(r.getAttribute("width"))));
    assert.equal(widths.length, 5, "a bar per step");
    // verify took twice generate's time and 24 times workspace's.
    assert.ok(Math.abs((widths[3] ?? 0) / (widths[2] ?? 1) - 2) < 0.01, `${widths}`);
    assert.ok(Math.abs((widths[3] ?? 0) / (widths[0] ?? 1) - 24) < 0.1, `${widths}`);
    const rounds = await page.locator("table.rounds tbody tr").allTextContents();
    assert.equal(rounds.length, 2);
    assert.ok(rounds[0]?.includes(HOSTILE_LOG), "the failure is shown as it was");
    assert.equal(await page.locator("h1").textContent(), `succeeded ${HOSTILE_TITLE}`);
    assert.equal(await page.locator('a[href="https://github.com/octo/calc/pull/7"]').count(), 1);
    assert.equal(await page.locator("main script, main img").count(), 0);
    await page.screenshot({ path: join(shots, "job.png"), fullPage: true });
    assert.deepEqual(incidents, []);
    await page.close();
  });

  it("lists deliveries with their outcome, and why one was ignored", async () => {
    await store.storeDeliveries([
      {
        id: "d-3",
        event: "issues",
        action: "labeled",
        repo: "octo/calc",
        sender: "mallory",
        receivedAt: new Date().toISOString(),
        outcome: `ignored: label ${HOSTILE_LOG} is not the trigger`,
        payload: "",
        job: null,
      },
    ]);
    const { page, incidents } = await watchedPage(browser);
    await page.goto(`${base}/ui/deliveries`);
    const rows = await page.locator("tbody tr").allTextContents();
    assert.equal(rows.length, 3);
    assert.ok(
      rows[0]?.includes("mallory") && rows[0].includes(`ignored label ${HOSTILE_LOG} is not the trigger`),
      rows[0],
    );
    assert.equal(await page.locator("tbody tr .outcome.accepted").count(), 2);
    await page.goto(`${base}/ui/deliveries?outcome=ignored&repo=octo/calc`);
    assert.deepEqual(await page.locator("tbody tr .outcome").allTextContents(), ["ignored"]);
    await page.goto(`${base}/ui/deliveries?outcome=refused`);
    assert.match((await page.locator(".empty").textContent()) ?? "", /match these filters/);
    await page.screenshot({ path: join(shots, "deliveries.png"), fullPage: true });
    assert.deepEqual(incidents, []);
    await page.close();
  });

  it("asks for the token when one is set, and the login form's cookie opens the pages", async () => {
    const token = "a-dashboard-token-0123456789";
    const ui = await serve(token);
    const { page, incidents } = await watchedPage(browser);
    const first = await page.goto(ui.url.replace(/\/$/, "/jobs"));
    assert.equal(first?.status(), 401);
    await page.fill('input[name="token"]', "not-the-token-at-all-000");
    await page.click("form.login button");
    assert.match((await page.locator("p.error").textContent()) ?? "", /not the dashboard's/);
    await page.fill('input[name="token"]', token);
    await page.click("form.login button");
    await page.waitForURL(/\/ui\/jobs$/);
    assert.equal(await page.locator("h1").textContent(), "Jobs");
    const [cookie] = await page.context().cookies();
    assert.equal(cookie?.httpOnly, true);
    assert.equal(cookie?.sameSite, "Strict");
    assert.notEqual(cookie?.value, token, "the token itself is not kept in the browser");
    await page.screenshot({ path: join(shots, "login.png"), fullPage: true });
    // A failed sign-in is a 401, which Chromium logs as a console error: that is the one expected.
    assert.ok(
      incidents.every((i) => /401/.test(i)),
      incidents.join("\n"),
    );
    await page.close();
  });
});
