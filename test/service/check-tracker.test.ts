import assert from "node:assert/strict";
import { test } from "node:test";
import { createGitHubForge } from "../../src/forge/github/index.ts";
import { silentLogger } from "../../src/log/logger.ts";
import type { RunReport } from "../../src/pipeline/types.ts";
import { checkTracker } from "../../src/service/check-run.ts";
import { calcOnEmulator } from "./support/seed.ts";

const ref = { owner: "octo", repo: "calc" };

const verifiedRun = (commit: string): RunReport =>
  ({
    status: "succeeded",
    commit,
    verified: true,
    published: { number: 1, url: "u", draft: false },
    verification: {
      command: "pytest",
      sandboxed: true,
      rounds: [{ round: 1, passed: true, failures: [], durationMs: 1 }],
    },
  }) as unknown as RunReport;

async function setup(t: Parameters<typeof calcOnEmulator>[0]) {
  const { emulator } = await calcOnEmulator(t, "booty-check-");
  const forge = createGitHubForge({
    apiUrl: emulator.url,
    auth: { kind: "token", token: emulator.issueToken({ login: "booty-bot" }) },
    logger: silentLogger(),
    throttle: false,
  });
  const head = (await emulator.branches("octo", "calc")).main ?? assert.fail("no main");
  const tracker = checkTracker({ forge, ref, logger: silentLogger(), head, detailsUrl: "https://x.test/c" });
  const states = (sha: string) => emulator.statuses("octo", "calc", sha).map((s) => [s.state, s.description]);
  return { emulator, forge, head, tracker, states };
}

test("a follow-up: pending on the pull request's head when the tests start, the verdict on the new commit, the old head closed", async (t) => {
  const { emulator, head, tracker, states } = await setup(t);
  tracker.observe({ step: "testing", round: 1 });
  tracker.observe({ step: "tested", round: 1, passed: true, failing: [] });
  tracker.observe({ step: "testing", round: 2 });
  const next = await emulator.commit({
    owner: "octo",
    repo: "calc",
    branch: "booty/issue-1",
    files: { "x.py": "x = 1\n" },
  });
  const run = verifiedRun(next);
  await tracker.finish(run);
  assert.deepEqual(states(next), [["success", "verified: the tests pass (round 1)"]]);
  assert.deepEqual(states(head), [
    ["pending", "running the tests"],
    ["error", `superseded by ${next.slice(0, 7)}`],
  ]);
  assert.deepEqual(run.check, { url: "https://x.test/c", state: "success" });
});

test("a run that pushed nothing closes its pending check without a verdict, and never says success", async (t) => {
  const { head, tracker, states } = await setup(t);
  tracker.observe({ step: "testing", round: 1 });
  await tracker.finish({ status: "failed", commit: null, error: { message: "the tests still fail" } } as RunReport);
  assert.deepEqual(states(head), [
    ["pending", "running the tests"],
    ["error", "booty pushed no change"],
  ]);
});

test("without a known head nothing is pending, and a run that pushed nothing reports nothing", async (t) => {
  const { emulator, forge } = await setup(t);
  const tracker = checkTracker({ forge, ref, logger: silentLogger() });
  tracker.observe({ step: "testing", round: 1 });
  await tracker.finish({ status: "failed", commit: null } as RunReport);
  assert.deepEqual(emulator.statuses("octo", "calc"), []);
});
