import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { Browser } from "playwright-core";
import type { StoredReport } from "../../src/queue/index.ts";
import { launchChromium, screenshotDir, watchedPage } from "./browser.ts";
import { dashboardOnStore, queueJob, runToEnd } from "./support.ts";

const SCRIPT_IN_DIFF = "</script><script>alert(3)</script><img src=x onerror=alert(4)>";

/** A report as a run with every detail records it; the diff, analysis and log carry hostile markup. */
export const DETAILED_REPORT = {
  status: "succeeded",
  timings: { workspace: 50, localize: 150, analyze: 900, generate: 1400, verify: 1000 },
  usage: {
    inputTokens: 3000,
    outputTokens: 500,
    costUsd: 0.021,
    calls: [
      {
        step: "analyze",
        inputTokens: 1800,
        outputTokens: 200,
        cacheReadTokens: 1200,
        cacheWriteTokens: 0,
        ms: 850,
        costUsd: 0.009,
      },
      {
        step: "generate",
        inputTokens: 1200,
        outputTokens: 300,
        cacheReadTokens: 0,
        cacheWriteTokens: 600,
        ms: 1350,
        costUsd: 0.012,
      },
    ],
  },
  verified: true,
  changedFiles: ["calc/ops.py"],
  localized: [
    { path: "calc/ops.py", score: 4.25, reasons: ["names `add` from the issue", "path matches `calc`"] },
    { path: "tests/test_ops.py", score: 1.5, reasons: ["tests calc/ops.py"] },
  ],
  analysis: {
    summary: "add a subtract operation",
    kind: "feature",
    taskDescription: `Add subtract(a, b). ${SCRIPT_IN_DIFF}`,
    filesToModify: ["calc/ops.py"],
    filesToCreate: [],
    filesToDelete: [],
    acceptanceCriteria: ["subtract(3, 1) == 2"],
    approach: "Add subtract() beside add().",
  },
  diff: {
    text: `diff --git a/calc/ops.py b/calc/ops.py\n--- a/calc/ops.py\n+++ b/calc/ops.py\n@@ -1,2 +1,5 @@\n def add(a, b):\n-    return a+b\n+    return a + b\n+# ${SCRIPT_IN_DIFF}\n`,
    truncated: false,
  },
  verification: { command: "pytest -q", rounds: [{ round: 1, passed: true, failures: [], durationMs: 900 }] },
  log: [
    { at: "2026-12-02T22:00:00.000Z", level: "info", msg: "localize…", step: "localize" },
    { at: "2026-12-02T22:00:01.000Z", level: "warn", msg: `odd ${SCRIPT_IN_DIFF}`, step: "generate" },
  ],
  check: { url: "https://github.com/octo/calc/runs/42" },
} as unknown as StoredReport;

const launched = await launchChromium();

describe("a job's page in Chromium", { skip: typeof launched === "string" ? launched : false }, () => {
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
    const prUrl = "https://github.com/octo/calc/pull/7";
    await runToEnd(setup.store, jobId, { status: "succeeded", prUrl, report: DETAILED_REPORT });
  });
  after(async () => {
    await browser.close();
    await close();
    process.stdout.write(`# job page screenshots are in ${shots}\n`);
  });

  it("shows the ranking, analysis, highlighted diff, model calls, log and links, running none of the hostile text", async () => {
    const { page, incidents } = await watchedPage(browser);
    await page.goto(`${base}/ui/jobs/${jobId}`);
    const marks = await page.locator("svg.timeline rect.call title, svg.timeline rect.round title").allTextContents();
    assert.deepEqual(marks, [
      "analyze call: 850 ms, 1800 in, 200 out",
      "generate call: 1.4 s, 1200 in, 300 out",
      "test round 1: passed in 900 ms",
    ]);
    const width = (sel: string) =>
      page
        .locator(sel)
        .first()
        .evaluate((r) => Number(r.getAttribute("width")));
    // The generate call (1350 ms) takes that share of generate's bar (1400 ms).
    const ratio =
      (await width("svg.timeline rect.call >> nth=1")) / (await width("svg.timeline g.step:nth-of-type(4) rect.bar"));
    assert.ok(Math.abs(ratio - 1350 / 1400) < 0.01, String(ratio));
    const ranked = await page.locator("table.localized tbody tr").allTextContents();
    assert.equal(ranked.length, 2);
    assert.match(ranked[0] ?? "", /calc\/ops\.py.*4\.25.*names `add` from the issue; path matches `calc`/);
    assert.match(
      (await page.locator("dl.analysis").textContent()) ?? "",
      /Approach.*Add subtract\(\) beside add\(\)\./s,
    );
    assert.deepEqual(await page.locator("pre.diff .add").allTextContents(), [
      "+    return a + b",
      `+# ${SCRIPT_IN_DIFF}`,
    ]);
    assert.deepEqual(await page.locator("pre.diff .del").allTextContents(), ["-    return a+b"]);
    assert.equal(await page.locator("pre.diff .hunk").count(), 1);
    const calls = await page.locator("table.calls tbody tr").allTextContents();
    assert.equal(calls.length, 2);
    assert.deepEqual(await page.locator("table.calls tbody tr").first().locator("td").allTextContents(), [
      "1",
      "analyze",
      "1800",
      "200",
      "1200",
      "0",
      "$0.0090",
      "850 ms",
    ]);
    assert.match((await page.locator(".log pre").textContent()) ?? "", /\[generate\] odd <\/script>/);
    assert.equal(await page.locator('a[href="https://github.com/octo/calc/runs/42"]').count(), 1, "the check run");
    assert.equal(await page.locator('a[href="https://github.com/octo/calc/issues/3"]').count(), 1, "the issue");
    assert.equal(await page.locator("main script, main img").count(), 0, "the hostile markup became no element");
    const fact = (name: string) => page.locator(`dl.facts dt:text-is('${name}') + dd`).textContent();
    assert.equal(await fact("Cost"), "$0.0210", "the job's cost, its attempts' together");
    assert.equal(await fact("Verified"), "yes");
    await page.locator(".log summary").click();
    await page.screenshot({ path: join(shots, "job-details.png"), fullPage: true });
    assert.deepEqual(incidents, []);
    await page.close();
  });
});
