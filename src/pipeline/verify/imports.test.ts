import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { writeFiles } from "../../workspace/test-support.ts";
import { dependencyCheck } from "./imports.ts";

const root = mkdtempSync(join(tmpdir(), "booty-imports-"));
after(() => rmSync(root, { recursive: true, force: true }));

function repo(name: string, files: Record<string, string>) {
  const dir = join(root, name);
  writeFiles(dir, files);
  return dependencyCheck(dir, Object.keys(files));
}

test("a test that imports a module re-exporting the changed one depends on it (Python, JS, a Rust crate root)", () => {
  const py = repo("py", {
    "api.py": "from calc import *  # noqa: F403\n",
    "calc.py": "def add(a, b):\n    return a - b\n",
    "legacy.py": "def scale(a, b):\n    return a * b\n",
    "tests/test_add.py": "from api import add\n",
    "tests/test_scale.py": "from legacy import scale\n",
  });
  assert.equal(py("tests/test_add.py", new Set(["calc.py"])), true);
  assert.equal(py("tests/test_scale.py", new Set(["calc.py"])), false);
  const js = repo("js", {
    "src/index.js": 'export * from "./calc.js";\n',
    "src/calc.js": "export function add(a, b) {\n  return a - b;\n}\n",
    "test/add.test.js": 'import { test } from "node:test";\nimport { add } from "../src/index.js";\n',
    "test/scale.test.js": 'import { test } from "node:test";\nimport { scale } from "../src/legacy.js";\n',
    "src/legacy.js": "export const scale = (a, b) => a * b;\n",
  });
  assert.equal(js("test/add.test.js", new Set(["src/calc.js"])), true);
  assert.equal(js("test/scale.test.js", new Set(["src/calc.js"])), false, "`node:test` leads into no test file");
  const rs = repo("rs", {
    "Cargo.toml": '[package]\nname = "math-lib"\n',
    "src/lib.rs": "pub mod calc;\npub mod legacy;\npub use calc::*;\n",
    "src/calc.rs": "pub fn add(a: i64, b: i64) -> i64 {\n    a - b\n}\n",
    "src/legacy.rs": "pub fn scale(a: i64, b: i64) -> i64 {\n    a * b\n}\n",
    "tests/add.rs": "use math_lib::add;\n",
    "tests/scale.rs": "use math_lib::legacy::scale;\n",
  });
  assert.equal(rs("tests/add.rs", new Set(["src/calc.rs"])), true);
  assert.equal(rs("tests/scale.rs", new Set(["src/legacy.rs"])), true);
});

test("re-exports are followed a few modules deep, not through the whole repository", () => {
  const chain = repo("chain", {
    "alpha.py": "from beta import *\n",
    "beta.py": "from gamma import *\n",
    "gamma.py": "from delta import *\n",
    "delta.py": "X = 1\n",
    "tests/test_alpha.py": "from alpha import X\n",
  });
  assert.equal(chain("tests/test_alpha.py", new Set(["gamma.py"])), true);
  assert.equal(chain("tests/test_alpha.py", new Set(["delta.py"])), false);
});
