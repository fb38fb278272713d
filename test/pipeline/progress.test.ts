import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { ProgressEvent } from "../../src/pipeline/progress.ts";
import { ANALYSIS, PLAN } from "../support/pipeline-fixtures.ts";
import { runScripted } from "../support/pipeline-run.ts";

/** A plan whose change breaks the existing test: `add` subtracts. */
const BREAKING = {
  ...PLAN,
  changes: [{ ...PLAN.changes[0], edits: [{ search: "    return a + b\n", replace: "    return a - b\n" }] }],
};

describe("the pipeline tells its observer how the run moves", () => {
  test("a verified run: localized, analysed, editing, one passing round, publishing", async (t) => {
    const events: ProgressEvent[] = [];
    const { report } = await runScripted(
      t,
      { analyze: ANALYSIS, generate: PLAN },
      { deps: { progress: (e) => events.push(e) } },
    );
    assert.equal(report.status, "succeeded", report.error?.message);
    assert.deepEqual(
      events.map((e) => e.step),
      ["localized", "analysed", "editing", "testing", "tested", "publishing"],
    );
    const [localized, analysed] = events;
    assert.ok(localized?.step === "localized" && localized.files.includes("calc/ops.py"), JSON.stringify(localized));
    assert.deepEqual(analysed, { step: "analysed", summary: "add a subtract operation", files: ["calc/ops.py"] });
    assert.deepEqual(events[4], { step: "tested", round: 1, passed: true, failing: [] });
    assert.deepEqual(events[5], { step: "publishing", verified: true });
  });

  test("a failing round names the failing test and where it failed", async (t) => {
    const events: ProgressEvent[] = [];
    const { report } = await runScripted(
      t,
      { analyze: ANALYSIS, generate: BREAKING },
      { deps: { progress: (e) => events.push(e) } },
    );
    const tested = events.filter((e) => e.step === "tested");
    assert.ok(tested.length >= 1, JSON.stringify(events));
    const first = tested[0];
    assert.ok(first?.step === "tested" && !first.passed);
    const failing = first.failing.find((f) => f.id.includes("test_add"));
    assert.ok(failing, JSON.stringify(first.failing));
    assert.equal(failing.path, "tests/test_ops.py");
    assert.equal(typeof failing.line, "number");
    assert.equal(report.verified, false);
  });

  test("an observer that throws does not stop the run", async (t) => {
    const { report } = await runScripted(
      t,
      { analyze: ANALYSIS, generate: PLAN },
      {
        deps: {
          progress: () => {
            throw new Error("observer broke");
          },
        },
      },
    );
    assert.equal(report.status, "succeeded", report.error?.message);
  });
});
