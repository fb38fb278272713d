import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import type { Failure } from "./failures/index.ts";
import { relatedFailures } from "./relevance.ts";

const root = mkdtempSync(join(tmpdir(), "booty-relevance-"));
after(() => rmSync(root, { recursive: true, force: true }));
mkdirSync(join(root, "tests"));
writeFileSync(join(root, "tests/test_calc.py"), "from src.calc import add\n");
writeFileSync(join(root, "tests/test_io.py"), "import json\n");
const repoFiles = [
  "src/calc.py",
  "src/io.py",
  "src/compute.js",
  "tests/test_calc.py",
  "tests/test_io.py",
  "tests/test_misc.py",
  "test/compute.test.js",
];

const failure = (id: string, message = "boom", frames: Failure["frames"] = []): Failure => ({ id, message, frames });
const judge = (
  base: Failure[],
  now: Failure[],
  over: { touched?: string[]; text?: string; reproduction?: string } = {},
) =>
  [
    ...relatedFailures(base, new Map(now.map((f) => [f.id, f])), {
      root,
      repoFiles,
      touched: new Set(over.touched ?? []),
      text: over.text ?? "",
      reproduction: over.reproduction,
    }),
  ].sort();

test("nothing links a failure in another file with another module to the change: unrelated", () => {
  const io = failure("tests/test_io.py::test_dump");
  assert.deepEqual(judge([io], [io], { touched: ["src/calc.py"], text: "add() is wrong" }), []);
});

test("a test file that imports the changed module makes its failures targets", () => {
  const f = failure("tests/test_calc.py::test_add", "assert -1 == 5");
  assert.deepEqual(judge([f], [f], { touched: ["src/calc.py"] }), [f.id]);
});

test("a test file named for a changed module makes its failures targets, whatever it imports", () => {
  const f = failure("test/compute.test.js > handles zero");
  assert.deepEqual(judge([f], [f], { touched: ["src/compute.js"] }), [f.id]);
  const g = failure("tests/test_io.py::test_dump");
  assert.deepEqual(judge([g], [g], { touched: ["src/compute.js"] }), []);
});

test("a traceback frame in a changed file, or the reproduction test, makes a target", () => {
  const f = failure("tests/test_misc.py::test_x", "boom", [{ path: "src/io.py", line: 3 }]);
  assert.deepEqual(judge([f], [f], { touched: ["src/io.py"] }), [f.id]);
  const g = failure("tests/test_misc.py::test_y");
  assert.deepEqual(judge([g], [g], { reproduction: "tests/test_misc.py" }), [g.id]);
});

test("the issue naming the test, its file or its function as code makes a target", () => {
  const f = failure("tests/test_misc.py::test_parse_header");
  assert.deepEqual(judge([f], [f], { text: "test_parse_header fails" }), [f.id]);
  assert.deepEqual(judge([f], [f], { text: "see tests/test_misc.py" }), [f.id]);
  assert.deepEqual(judge([f], [f], { text: "`parse_header` drops the last line" }), [f.id]);
  assert.deepEqual(judge([f], [f], { text: "the header parser is slow" }), [], "a loose word is not enough");
});

test("a changed failure message, or a fixed sibling in the same file, makes a target", () => {
  const before = failure("tests/test_misc.py::test_a", "assert -1 == 5");
  assert.deepEqual(judge([before], [{ ...before, message: "assert 6 == 5" }]), [before.id]);
  assert.deepEqual(judge([before], [{ ...before, message: "assert -1 == 5 " }]), [], "whitespace is no change");
  const sibling = failure("tests/test_misc.py::test_b");
  assert.deepEqual(judge([before, sibling], [sibling]), [before.id, sibling.id]);
});

test("a Rust panic's thread id, new in every run, is no change of the failure message", () => {
  const before = failure("test_scale", "thread 'test_scale' (22756) panicked at tests/scale.rs:5:5:\nleft: 7");
  const now = { ...before, message: before.message.replace("22756", "22967") };
  assert.deepEqual(judge([before], [now], { touched: ["src/calc.py"] }), []);
});
