import assert from "node:assert/strict";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import type { Browser } from "playwright-core";
import { loadConfig } from "../../src/config/index.ts";
import { createGitHubForge } from "../../src/forge/github/index.ts";
import { silentLogger } from "../../src/log/logger.ts";
import type { RunReport } from "../../src/pipeline/types.ts";
import { createIssueRunner } from "../../src/service/job-runner.ts";
import { RunningSteps } from "../../src/ui/now-running.ts";
import { deletePushedBranch, pushBranch } from "../../src/workspace/push.ts";
import { aliceIssue, calcOnEmulator } from "../service/support/seed.ts";
import { steppingClock } from "../support/stepping-clock.ts";
import { launchChromium, screenshotDir, watchedPage } from "./browser.ts";
import { dashboardOnStore, queueJob, startTestWorker } from "./support.ts";

const launched = await launchChromium();

describe("what a running job does now, in Chromium", { skip: typeof launched === "string" ? launched : false }, () => {
  const browser = launched as Browser;
  const cleanup: (() => Promise<void>)[] = [];
  const shots = typeof launched === "string" ? "" : screenshotDir();
  after(async () => {
    for (const fn of cleanup.reverse()) await fn();
    await browser.close();
    process.stdout.write(`# running-step screenshots are in ${shots}\n`);
  });

  it("shows the step the pipeline reported beside 'running', live, and drops it once the attempt ends", async (t) => {
    const { dir, emulator } = await calcOnEmulator(t, "booty-now-running-");
    const issue = aliceIssue(emulator, "calc", "Add subtract");
    const config = loadConfig({ HOME: dir, GITHUB_TOKEN: "unused", BOOTY_SANDBOX: "none" }, { dataDir: dir });
    const steps = new RunningSteps();
    let open: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    const runner = createIssueRunner({
      config,
      model: { scripted: true } as never,
      forge: createGitHubForge({
        apiUrl: emulator.url,
        auth: { kind: "token", token: emulator.issueToken({ login: "booty-bot" }) },
        logger: silentLogger(),
        throttle: false,
      }),
      runPipeline: async (deps) => {
        deps.progress?.({ step: "localized", files: ["calc/ops.py"] });
        deps.progress?.({ step: "testing", round: 2 });
        await gate;
        const usage = { inputTokens: 0, outputTokens: 0, costUsd: null };
        return {
          status: "failed",
          error: { message: "stop here", retryable: false },
          timings: {},
          usage,
        } as unknown as RunReport;
      },
      pushBranch,
      deletePushedBranch,
      clock: steppingClock(),
      steps,
    });
    const setup = await dashboardOnStore();
    cleanup.push(setup.close);
    const ui = await setup.serve(undefined, { steps });
    const id = await queueJob(setup.store, {
      delivery: "d-1",
      repo: "octo/calc",
      issue: issue.number,
      title: "Add subtract",
    });
    const { page, incidents } = await watchedPage(browser);
    await page.goto(`${ui.url}jobs`);
    await page.evaluate("window.sameDocument = true");
    const worker = await startTestWorker(setup.store, runner);
    cleanup.push(() => worker.stop(0));
    const doing = page.locator(`tr[data-job="${id}"] .doing`);
    for (let i = 0; i < 600 && (await doing.count()) === 0; i++) await sleep(50);
    assert.equal(await doing.textContent(), "running the tests, round 2");
    await page.screenshot({ path: join(shots, "jobs-running-step.png"), fullPage: true });
    const jobPage = await (await fetch(`${ui.url}jobs/${id}`)).text();
    assert.match(jobPage, /<dt>Now<\/dt><dd class="doing">running the tests, round 2 \(since \d{4}-\d\d-\d\d /);
    open();
    const state = page.locator(`tr[data-job="${id}"] .state`);
    for (let i = 0; i < 600 && (await state.textContent()) !== "failed"; i++) await sleep(50);
    assert.equal(await state.textContent(), "failed");
    assert.equal(await doing.count(), 0, "an ended job does nothing now");
    assert.equal(steps.doing(id), null);
    assert.equal(await page.evaluate("window.sameDocument === true"), true, "the page was not reloaded");
    assert.deepEqual(incidents, []);
    await page.close();
  });
});
