/** CI runs the bench's own code on three scenarios and checks the confusion counts they give. */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { runCorpus } from "./bench.ts";
import { pytest } from "./langs/python.ts";
import { formatMatrix, tally } from "./matrix.ts";
import { scenariosFor } from "./scenarios.ts";

const home = mkdtempSync(join(tmpdir(), "booty-bench-verify-home-"));
after(() => rmSync(home, { recursive: true, force: true }));

test("a right fix is verified, a wrong one is not, and tests that cannot run stop before any model call", async () => {
  const picked = scenariosFor(pytest).filter((s) => /\/(correct|wrong|broken-env)$/.test(s.name));
  assert.deepEqual(
    picked.map((s) => [s.name, s.truth]),
    [
      ["python-pytest/correct", "fixed"],
      ["python-pytest/wrong", "not-fixed"],
      ["python-pytest/broken-env", "cannot-run"],
    ],
  );
  const outcomes = await runCorpus(
    picked.map((scenario) => ({ scenario, sandbox: "bwrap" as const })),
    { env: { HOME: home }, reproduceStep: false },
  );
  const t = tally(outcomes);
  assert.deepEqual(t.matrix.fixed, { verified: 1, unverified: 0, stopped: 0, failed: 0 });
  assert.deepEqual(t.matrix["not-fixed"], { verified: 0, unverified: 1, stopped: 0, failed: 0 });
  assert.deepEqual(t.matrix["cannot-run"], { verified: 0, unverified: 0, stopped: 1, failed: 0 });
  assert.equal(t.falseVerified.length, 0);
  assert.equal(t.falseUnverified.length, 0);
  assert.equal(t.callsBeforeStop, 0, "no model call before the cannot-run stop");
  assert.deepEqual(
    outcomes.map((o) => o.calls),
    [2, 3, 0],
    "analyze + generate; analyze + generate + one refine; nothing",
  );
  assert.match(formatMatrix("m", t), /^\| not-fixed +\| 0 +\| 1 +\| 0 +\| 0 +\|$/m);
});
