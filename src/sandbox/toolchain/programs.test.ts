import assert from "node:assert/strict";
import { test } from "node:test";
import { programsOf } from "./programs.ts";

test("the first word of each segment, past assignments and wrappers", () => {
  assert.deepEqual(programsOf("python3 -m pytest -q"), ["python3"]);
  assert.deepEqual(programsOf("CI=1 FOO='a b' env -u X timeout 60 pytest tests/"), ["pytest"]);
  assert.deepEqual(programsOf("cd sub && go test ./... | tee out.log; cargo test || exit 1"), [
    "go",
    "tee",
    "cargo",
    "rustc",
  ]);
  assert.deepEqual(programsOf("if [ -d x ]; then pytest; fi; source env.sh; . ./x"), ["pytest"]);
  assert.deepEqual(programsOf("(cd web && npm test)"), ["npm", "node"]);
});

test("quoted separators stay inside their word; paths and expansions name no program", () => {
  assert.deepEqual(programsOf(`python3 -c "import a; print('x | y')" && ./run.sh && $PY -V`), ["python3"]);
  assert.deepEqual(programsOf("/opt/secret/bin/tool --x"), []);
});

test("implied interpreters come last, once", () => {
  assert.deepEqual(programsOf("vitest run", ["node", "python3", "node"]), ["vitest", "node", "python3"]);
});
