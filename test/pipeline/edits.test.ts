import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, test } from "node:test";
import { renderReport } from "../../src/cli/render-report.ts";
import { loadConfig } from "../../src/config/index.ts";
import { silentLogger } from "../../src/log/logger.ts";
import { createModel } from "../../src/model/factory.ts";
import { pipelineDeps, runPipeline } from "../../src/pipeline/run.ts";
import { git, makeRepo, tempDir } from "../../src/workspace/test-support.ts";
import { ANALYSIS, writeScript } from "../support/pipeline-fixtures.ts";

const CALC = "class Calc:\n    def add(self, a, b):\n        return a + b\n";

/** The issue's example: the method's lines without the class's indent, and a trailing space. */
const UNINDENTED = {
  approach: "Add sub() beside add().",
  changes: [
    {
      path: "calc/ops.py",
      operation: "modify",
      edits: [
        {
          search: "def add(self, a, b): \n    return a + b\n",
          replace: "def add(self, a, b):\n    return a + b\n\ndef sub(self, a, b):\n    return a - b\n",
        },
      ],
    },
  ],
};

/** A second answer that would also apply: if it is used, the first one cost a model call. */
const FALLBACK = {
  approach: "fallback",
  changes: [{ path: "calc/ops.py", operation: "modify", content: `${CALC}# second call\n` }],
};

async function run(t: { after(fn: () => void): void }, generate: unknown[], env: Record<string, string> = {}) {
  const dir = tempDir(t, "booty-edits-");
  const repo = makeRepo(join(dir, "repo"), { "calc/ops.py": CALC, "README.md": "# calc\n" });
  const script = writeScript(dir, { analyze: ANALYSIS, generate });
  const config = loadConfig({ HOME: dir, ...env }, { model: `script:${script}`, dataDir: join(dir, "data") });
  const model = createModel(config.model, { logger: silentLogger() });
  const report = await runPipeline(pipelineDeps(config, { model, logger: silentLogger() }), {
    source: repo,
    issue: { number: 16, title: "Add sub", body: "Calc needs sub(a, b)." },
    runId: "edits-run",
  });
  // git() trims its output: the file's last line break is not compared.
  const committed = report.commit === null ? "" : git(repo, "show", `${report.commit}:calc/ops.py`);
  return { report, committed };
}

describe("edits that land", () => {
  test("a search at the wrong indentation with a trailing space applies from the first answer", async (t) => {
    const { report, committed } = await run(t, [UNINDENTED, FALLBACK]);
    assert.equal(report.status, "succeeded", report.error?.message);
    assert.equal(
      committed,
      "class Calc:\n    def add(self, a, b):\n        return a + b\n\n    def sub(self, a, b):\n        return a - b",
    );
    assert.deepEqual(report.edits, [{ path: "calc/ops.py", rungs: ["indentation"] }], "the report names the rung");
    assert.match(renderReport(report), /^ {2}edits: {4}calc\/ops\.py \(indentation\)$/m);
  });

  test("with BOOTY_EDIT_FORMAT=udiff a diff whose line numbers drifted lands", async (t) => {
    const diff = [
      "--- a/calc/ops.py",
      "+++ b/calc/ops.py",
      "@@ -21,3 +21,6 @@ class Calc:",
      " class Calc:",
      "     def add(self, a, b):",
      "         return a + b",
      "+",
      "+    def sub(self, a, b):",
      "+        return a - b",
      "",
    ].join("\n");
    const { report, committed } = await run(t, [{ approach: "Add sub.", diff }, FALLBACK], {
      BOOTY_EDIT_FORMAT: "udiff",
    });
    assert.equal(report.status, "succeeded", report.error?.message);
    assert.match(committed, /\n {4}def sub\(self, a, b\):\n {8}return a - b$/);
    assert.deepEqual(report.edits, [{ path: "calc/ops.py", rungs: ["exact"] }]);
  });
});
