import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { ANALYSIS, PLAN, SAMPLE_FILES, writeScript } from "../../../test/support/pipeline-fixtures.ts";
import { loadConfig } from "../../config/index.ts";
import { PolicyError } from "../../errors/index.ts";
import { silentLogger } from "../../log/logger.ts";
import { createModel } from "../../model/factory.ts";
import { createPathPolicy } from "../../security/path-policy.ts";
import { makeRepo, tempDir } from "../../workspace/test-support.ts";
import { createRefiner } from "./refiner.ts";

const created = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ path: `extra/f${i}.py`, operation: "create", content: "x = 1\n" }));

test("a refine round that would take the change past BOOTY_MAX_FILES is refused before anything is written", async (t) => {
  const dir = tempDir(t, "booty-refiner-");
  const root = makeRepo(join(dir, "repo"), SAMPLE_FILES);
  const script = writeScript(dir, { refine: { ...PLAN, changes: [...PLAN.changes, ...created(2)] } });
  const config = loadConfig({ HOME: dir }, { model: `script:${script}`, dataDir: join(dir, "data") });
  const refine = createRefiner({
    model: createModel(config.model, { logger: silentLogger() }),
    logger: silentLogger(),
    root,
    policy: createPathPolicy({ root, restricted: [] }),
    issue: { number: 1, title: "t", body: "b" },
    analysis: { ...ANALYSIS, commitType: "feat" },
    touched: new Set(["calc/ops.py", "calc/__init__.py"]),
    maxFiles: 3,
  });
  await assert.rejects(
    refine("FAILED tests/test_ops.py::test_add", []),
    (error: unknown) => error instanceof PolicyError && /would touch 4 files; the limit is 3/.test(error.message),
  );
  assert.equal(existsSync(join(root, "extra")), false);
  assert.doesNotMatch(readFileSync(join(root, "calc/ops.py"), "utf8"), /subtract/);
});
