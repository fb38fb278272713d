import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { Browser, Page } from "playwright-core";
import type { StoredReport } from "../../src/queue/index.ts";
import { launchChromium, screenshotDir, watchedPage } from "./browser.ts";
import { dashboardOnStore, queueJob, runToEnd } from "./support.ts";

const PR = "javascript:alert(1)//https://github.com/octo/calc/pull/7";
const ATTRIBUTE = `" autofocus onfocus="alert(2)`;
const launched = await launchChromium();

/** Every link on the page that leads anywhere but a web address or one of the dashboard's own pages. */
async function oddLinks(page: Page): Promise<string[]> {
  const hrefs = await page.locator("a[href]").evaluateAll((as) => as.map((a) => a.getAttribute("href") ?? ""));
  return hrefs.filter((href) => !/^(https?:\/\/|\/ui\/)/.test(href));
}

describe("stored links and reflected filters in Chromium", {
  skip: typeof launched === "string" ? launched : false,
}, () => {
  const browser = launched as Browser;
  const shots = typeof launched === "string" ? "" : screenshotDir();
  let base = "";
  let jobId = "";
  let close = async () => {};

  before(async () => {
    const setup = await dashboardOnStore();
    close = setup.close;
    base = setup.ui.url.replace(/\/ui\/$/, "");
    jobId = await queueJob(setup.store, { delivery: "d-1", repo: "octo/calc", issue: 3, title: "Add subtract" });
    const report = {
      timings: { generate: 10 },
      usage: { inputTokens: 1, outputTokens: 1, costUsd: null },
      check: { url: "javascript:alert(3)" },
    } as unknown as StoredReport;
    await runToEnd(setup.store, jobId, { status: "succeeded", prUrl: PR, report });
  });
  after(async () => {
    await browser.close();
    await close();
    process.stdout.write(`# hostile-link screenshots are in ${shots}\n`);
  });

  it("a javascript: pull request or check run URL becomes no link, on the list and on the job's page", async () => {
    const { page, incidents } = await watchedPage(browser);
    await page.goto(`${base}/ui/jobs`);
    assert.equal(await page.locator(`tr[data-job="${jobId}"] .state`).textContent(), "succeeded");
    assert.deepEqual(await oddLinks(page), []);
    await page.goto(`${base}/ui/jobs/${jobId}`);
    assert.deepEqual(await oddLinks(page), []);
    assert.equal(await page.locator("dd", { hasText: "not linked" }).locator("code").textContent(), PR);
    assert.equal(await page.locator("dt:text-is('Check run') + dd").textContent(), "none");
    assert.equal(await page.locator("dt:text-is('Cost') + dd").textContent(), "unknown", "no call had a price");
    assert.equal(await page.locator("dt:text-is('Verified') + dd").textContent(), "no (the tests did not run)");
    await page.screenshot({ path: join(shots, "job-hostile-links.png"), fullPage: true });
    assert.deepEqual(incidents, []);
    await page.close();
  });

  it("filter values and a job id from the address are shown as text, never as markup or attributes", async () => {
    const { page, incidents } = await watchedPage(browser);
    await page.goto(`${base}/ui/jobs?repo=${encodeURIComponent(ATTRIBUTE)}&q=${encodeURIComponent(ATTRIBUTE)}`);
    assert.equal(await page.locator("input[name=repo]").inputValue(), ATTRIBUTE);
    assert.equal(await page.locator("input[name=q]").inputValue(), ATTRIBUTE);
    assert.equal(await page.locator("[onfocus], [autofocus]").count(), 0);
    await page.goto(`${base}/ui/deliveries?repo=${encodeURIComponent(ATTRIBUTE)}`);
    assert.equal(await page.locator("input[name=repo]").inputValue(), ATTRIBUTE);
    const missing = await page.goto(`${base}/ui/jobs/${encodeURIComponent("<img src=x onerror=alert(4)>")}`);
    assert.equal(missing?.status(), 404);
    assert.match((await page.locator("p.error").textContent()) ?? "", /^No job <img src=x onerror=alert\(4\)>/);
    assert.equal(await page.locator("main img").count(), 0);
    await page.screenshot({ path: join(shots, "job-missing.png"), fullPage: true });
    assert.deepEqual(
      incidents.filter((i) => !/status of 404/.test(i)),
      [],
    );
    await page.close();
  });
});
