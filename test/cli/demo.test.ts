import assert from "node:assert/strict";
import { test } from "node:test";
import { tempDir } from "../../src/workspace/test-support.ts";
import { runBooty } from "../support/cli.ts";

test("booty demo runs offline, says it is scripted, refines once and ends verified with the diff", async (t) => {
  const home = tempDir(t, "booty-demo-home-");
  // Through a pipe and at the default log level, as `npm run demo | less` would.
  const human = await runBooty(["demo"], { HOME: home });
  assert.equal(human.code, 0, human.stderr);
  assert.match(human.stderr, /SCRIPTED/);
  assert.match(
    human.stderr,
    /deliberate slip, so the first test\nround fails on purpose/,
    "the failing round is explained",
  );
  assert.match(human.stderr, /^example repository: \S+ \(deleted when the demo ends; --keep keeps it\)$/m);
  const lines = human.stderr.trim().split("\n");
  assert.deepEqual(
    lines.filter((line) => line.startsWith("{")),
    [],
    "no raw JSON log lines",
  );
  assert.ok(lines.length <= 20, `a short story, not a log:\n${human.stderr}`);
  assert.match(human.stderr, /^ {2}✓ verify \d/m, "one line per finished step");
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
