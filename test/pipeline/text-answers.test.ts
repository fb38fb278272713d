/**
 * A whole run whose generate answer is plain text, through a real provider client (the AI SDK's
 * Anthropic client) against the Anthropic stub server: the analysis comes back as JSON, the code as
 * SEARCH/REPLACE blocks that no JSON would have had to carry.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import { loadConfig } from "../../src/config/index.ts";
import { silentLogger } from "../../src/log/logger.ts";
import { createModel } from "../../src/model/factory.ts";
import { pipelineDeps, runPipeline } from "../../src/pipeline/run.ts";
import { git, tempDir } from "../../src/workspace/test-support.ts";
import { ANALYSIS, sampleRepo } from "../support/pipeline-fixtures.ts";
import { startAnthropicStub } from "../support/stub-models/index.ts";

const BLOCKS = [
  "Approach: add subtract() beside add(), with a docstring that quotes and escapes.",
  "Testing: subtract(3, 1) == 2",
  "",
  "calc/ops.py",
  "<<<<<<< SEARCH",
  "    return a + b",
  "=======",
  "    return a + b",
  "",
  "",
  "def subtract(a, b):",
  '\t"""Subtract: "a - b", never \'b - a\'; see C:\\\\calc\\\\ and \\n."""',
  "\treturn a - b",
  ">>>>>>> REPLACE",
  "",
].join("\n");

test("a run through the Anthropic client with a plain-text generate answer commits exactly the blocks' code", async (t) => {
  const stub = await startAnthropicStub();
  t.after(() => stub.close());
  const dir = tempDir(t, "booty-text-run-");
  const repo = sampleRepo(join(dir, "repo"));
  const env = { HOME: dir, ANTHROPIC_API_KEY: "sk-ant-test-key", BOOTY_MODEL_BASE_URL: stub.url };
  const config = loadConfig(env, { model: "anthropic:claude-sonnet-4-5", dataDir: join(dir, "data") });
  const model = createModel(config.model, { logger: silentLogger(), maxRetries: 0 });
  // The first answer breaks the format (no path line); the parser's complaint goes back and is fixed.
  stub.reply({ answer: ANALYSIS }, { text: BLOCKS.replace("calc/ops.py\n", "") }, { text: BLOCKS });
  const report = await runPipeline(pipelineDeps(config, { model, logger: silentLogger() }), {
    source: repo,
    issue: { number: 7, title: "Add subtract", body: "We need subtract(a, b)." },
    runId: "text-run",
  });
  assert.equal(report.status, "succeeded", report.error?.message);
  assert.deepEqual(report.changedFiles, ["calc/ops.py"]);
  const ops = git(repo, "show", `${report.commit}:calc/ops.py`);
  assert.match(ops, /\n\t"""Subtract: "a - b", never 'b - a'; see C:\\\\calc\\\\ and \\n\."""\n\treturn a - b$/);
  const asked = stub.requests.filter((r) => r.path === "/v1/messages").map((r) => JSON.stringify(r.body));
  assert.equal(asked.length, 3, "analysis, a malformed answer, its correction");
  assert.match(asked[0] ?? "", /output_config|"tools"/, "the analysis is still JSON");
  assert.doesNotMatch(asked[1] ?? "", /output_config|"tools"/, "the code is asked for as text");
  assert.match(asked[2] ?? "", /line 4: <<<<<<< SEARCH has no file path on the line before it/);
});
