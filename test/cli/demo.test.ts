import assert from "node:assert/strict";
import { test } from "node:test";
import { tempDir } from "../../src/workspace/test-support.ts";
import { runBooty } from "../support/cli.ts";

test("booty demo runs offline, says it is scripted, refines once and ends verified with the diff", async (t) => {
  const home = tempDir(t, "booty-demo-home-");
  const human = await runBooty(["demo"], { HOME: home, LOG_LEVEL: "warn" });
  assert.equal(human.code, 0, human.stderr);
  assert.match(human.stderr, /SCRIPTED/);
  assert.match(human.stdout, /booty run succeeded \(scripted model\)/);
  assert.match(human.stdout, /verified: yes/);
  assert.match(human.stdout, /round 1: failed .*test_core\.MedianTest\.test_empty/);
  assert.match(human.stdout, /round 2: passed/);
  assert.match(human.stdout, /\+\s+if len\(values\) == 0:/);

  const json = await runBooty(["demo", "--json"], { HOME: home, LOG_LEVEL: "silent" });
  assert.equal(json.code, 0, json.stderr);
  const report = JSON.parse(json.stdout);
  assert.equal(report.status, "succeeded");
  assert.equal(report.scripted, true);
  assert.equal(report.verified, true);
  assert.equal(report.verification.rounds.length, 2);
  assert.equal(report.pullRequest.draft, false);
  assert.ok(report.usage.inputTokens > 0);
});
