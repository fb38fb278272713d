import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { detectTestCommand } from "./index.ts";

async function repo(files: Record<string, string>, run: (root: string) => void): Promise<void> {
  const root = await mkdtemp(join(tmpdir(), "booty-detect-"));
  try {
    for (const [name, text] of Object.entries(files)) await writeFile(join(root, name), text);
    run(root);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

test("recognises npm, pytest, go and cargo layouts and says why", async () => {
  await repo({ "package.json": '{"scripts":{"test":"node --test"}}' }, (root) =>
    assert.deepEqual(detectTestCommand(root, ["package.json"]), {
      command: "npm test",
      reason: "package.json has a test script",
    }),
  );
  await repo({ "pyproject.toml": "[tool.pytest.ini_options]\n" }, (root) =>
    assert.equal(detectTestCommand(root, ["pyproject.toml"])?.command, "python3 -m pytest"),
  );
  await repo({}, (root) => {
    assert.match(detectTestCommand(root, ["pkg/tests/test_x.py"])?.reason ?? "", /test_x\.py/);
    assert.equal(detectTestCommand(root, ["go.mod", "main.go"])?.command, "go test ./...");
    assert.equal(detectTestCommand(root, ["Cargo.toml", "src/lib.rs"])?.command, "cargo test");
  });
});

test("npm's placeholder test script and unknown layouts give null", async () => {
  await repo({ "package.json": '{"scripts":{"test":"echo \\"Error: no test specified\\" && exit 1"}}' }, (root) =>
    assert.equal(detectTestCommand(root, ["package.json", "index.js"]), null),
  );
  await repo({ "package.json": "{not json" }, (root) => assert.equal(detectTestCommand(root, ["package.json"]), null));
  await repo({}, (root) => assert.equal(detectTestCommand(root, ["README.md", "main.c"]), null));
});
