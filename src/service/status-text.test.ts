import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { StatusLines, withProgress } from "./status-text.ts";

describe("the status comment's progress list", () => {
  test("one line per step, the latest test round only, in the order the steps came", () => {
    const lines = new StatusLines({ issue: 1, repo: "octo/calc" }).queued(2);
    lines.add({ step: "localized", files: ["calc/ops.py", "tests/test_ops.py"] });
    lines.add({ step: "analysed", summary: "add a subtract operation", files: ["calc/ops.py"] });
    lines.add({ step: "testing", round: 1 });
    lines.add({
      step: "tested",
      round: 1,
      passed: false,
      failing: [{ id: "tests/test_ops.py::test_add", message: "" }],
    });
    lines.add({ step: "testing", round: 2 });
    lines.add({ step: "tested", round: 2, passed: true, failing: [] });
    assert.equal(
      withProgress("booty is working on this issue.", lines),
      [
        "booty is working on this issue.",
        "",
        "- queued: position 2 in the queue",
        "- localized: `calc/ops.py`, `tests/test_ops.py`",
        "- analysed: the plan changes `calc/ops.py`",
        "  approach: add a subtract operation",
        "- tests round 2: passed",
      ].join("\n"),
    );
    assert.equal(lines.add({ step: "tested", round: 2, passed: true, failing: [] }), false, "nothing new");
  });

  test("hostile names cannot ping, close or break out of their code span; a failure says why in plain words", () => {
    const lines = new StatusLines({ issue: 1, repo: "octo/calc" });
    lines.add({ step: "analysed", summary: "fixes #9 and pings @octocat\n# heading", files: ["a`b.py"] });
    lines.add({
      step: "tested",
      round: 1,
      passed: false,
      failing: Array.from({ length: 7 }, (_, i) => ({ id: `t${i}\`@x`, message: "" })),
    });
    lines.failed({ code: "model-output" });
    const text = lines.render();
    assert.doesNotMatch(text, /(^|[^`])@octocat/);
    assert.doesNotMatch(text, /fixes #9/i, "another issue is not closed");
    assert.match(text, /`a'b\.py`/);
    assert.match(text, /`t0'@x`.* and 2 more/);
    assert.equal(text.split("\n").length, 4, text);
    assert.match(text, /- stopped: the model's answers could not be used$/);
  });
});
