import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { extractFailures, WHOLE_RUN } from "./index.ts";

const fixture = (name: string) => readFileSync(join(import.meta.dirname, "..", "fixtures", name), "utf8");
const summary = (output: string, files: string[]) =>
  extractFailures(output, files).map((f) => ({ id: f.id, frames: f.frames.map((fr) => `${fr.path}:${fr.line}`) }));

test("pytest: failing tests, assertion lines and frames inside the repository", () => {
  const files = ["pkg/calc.py", "pkg/__init__.py", "tests/test_calc.py", "conftest.py"];
  const failures = extractFailures(fixture("pytest.txt"), files);
  assert.deepEqual(
    failures.map((f) => f.id),
    ["tests/test_calc.py::test_add", "tests/test_calc.py::test_div_zero", "tests/test_calc.py::TestGroup::test_method"],
  );
  assert.deepEqual(failures[1]?.frames, [
    { path: "tests/test_calc.py", line: 9 },
    { path: "pkg/calc.py", line: 6 },
  ]);
  assert.match(failures[0]?.message ?? "", /assert -1 == 5/);
  const collection = summary(fixture("pytest-collection-error.txt"), ["tests/test_broken.py", "tests/test_fine.py"]);
  assert.deepEqual(collection, [{ id: "tests/test_broken.py", frames: ["tests/test_broken.py:1"] }]);
});

test("node --test: spec and TAP reporters give the same ids and frames", () => {
  const files = ["src/math.js", "test/math.test.js", "package.json"];
  const expected = [
    { id: "test/math.test.js > adds two numbers", frames: ["test/math.test.js:7"] },
    { id: "test/math.test.js > parses json", frames: ["src/math.js:5", "test/math.test.js:10"] },
    { id: "test/math.test.js > top level failure", frames: ["test/math.test.js:18"] },
  ];
  assert.deepEqual(summary(fixture("node-test-spec.txt"), files), expected);
  assert.deepEqual(summary(fixture("node-test-tap.txt"), files), expected);
  assert.deepEqual(summary(fixture("node20-test-default.txt"), files), expected);
  assert.match(extractFailures(fixture("node-test-tap.txt"), files)[0]?.message ?? "", /-1 !== 5/);
});

test("jest and vitest", () => {
  const files = ["src/sum.js", "src/sum.test.js", "src/parse.js", "src/sum.test.ts", "src/parse.ts"];
  assert.deepEqual(summary(fixture("jest.txt"), files), [
    { id: "src/sum.test.js > sum › adds 1 + 2 to equal 3", frames: ["src/sum.test.js:5"] },
    { id: "src/sum.test.js > parse › throws on bad input", frames: ["src/parse.js:2", "src/sum.test.js:11"] },
  ]);
  assert.match(extractFailures(fixture("jest.txt"), files)[0]?.message ?? "", /Expected: 3\nReceived: -1/);
  assert.deepEqual(summary(fixture("vitest.txt"), files), [
    { id: "src/sum.test.ts > sum > adds", frames: ["src/sum.test.ts:5"] },
    { id: "src/sum.test.ts > parse > throws on bad input", frames: ["src/parse.ts:2", "src/sum.test.ts:11"] },
  ]);
});

test("go test: leaf tests, panics with their goroutine frames, build failures", () => {
  const files = ["calc.go", "calc_test.go", "util/strings.go", "go.mod"];
  assert.deepEqual(summary(fixture("go-test.txt"), files), [
    { id: "TestAdd", frames: ["calc_test.go:8"] },
    { id: "TestTable/negative", frames: ["calc_test.go:21"] },
    { id: "TestDiv", frames: ["calc.go:8", "calc_test.go:27"] },
    { id: "(build) example.com/calc/util", frames: ["util/strings.go:5"] },
  ]);
});

test("cargo test: panicking tests with their frames", () => {
  const failures = summary(fixture("cargo-test.txt"), ["src/lib.rs", "Cargo.toml"]);
  assert.deepEqual(failures, [
    { id: "tests::adds", frames: ["src/lib.rs:15", "src/lib.rs:14"] },
    { id: "tests::first_of_empty", frames: ["src/lib.rs:6", "src/lib.rs:20", "src/lib.rs:19"] },
  ]);
});

test("unknown output: one whole-run failure with its error lines and repository frames", () => {
  const output =
    "building...\nError: cannot find module './missing'\n    at load (/workspace/lib/index.js:3:9)\ndone\n";
  const [failure, ...rest] = extractFailures(output, ["lib/index.js"]);
  assert.equal(rest.length, 0);
  assert.equal(failure?.id, WHOLE_RUN);
  assert.match(failure?.message ?? "", /cannot find module/);
  assert.deepEqual(failure?.frames, [{ path: "lib/index.js", line: 3 }]);
});

test("python unittest: FAIL and ERROR blocks with their traceback frames", () => {
  const files = ["stats/core.py", "stats/__init__.py", "tests/test_core.py"];
  const failures = extractFailures(fixture("unittest.txt"), files);
  assert.deepEqual(
    failures.map((f) => f.id),
    ["test_core.Broken.test_errors", "test_core.Broken.test_fails"],
  );
  assert.deepEqual(failures[0]?.frames, [
    { path: "tests/test_core.py", line: 27 },
    { path: "stats/core.py", line: 15 },
  ]);
  assert.match(failures[0]?.message ?? "", /IndexError: list index out of range/);
  assert.match(failures[1]?.message ?? "", /AssertionError: 1 != 2/);
});
