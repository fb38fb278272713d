/**
 * Defect 3 of issue #14, end to end: a test runner installed by a version manager outside /usr. booty's
 * own PATH and HOME (its configuration) reach the sandbox through the pipeline's ports.
 */
import assert from "node:assert/strict";
import { chmodSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { loadConfig } from "../../src/config/index.ts";
import { silentLogger } from "../../src/log/logger.ts";
import { createModel } from "../../src/model/factory.ts";
import { pipelineDeps, runPipeline } from "../../src/pipeline/run.ts";
import { exe, fakePyenv } from "../../src/sandbox/toolchain/test-support.ts";
import { makeRepo, tempDir } from "../../src/workspace/test-support.ts";
import { ANALYSIS, PLAN, SAMPLE_FILES, writeScript } from "../support/pipeline-fixtures.ts";

test("a pyenv-installed runner stops the run before any model call without its toolchain, and verifies with it", async (t) => {
  const dir = tempDir(t, "booty-pipe-tc-");
  chmodSync(dir, 0o755);
  const home = join(dir, "home");
  await fakePyenv(home, ["3.12.1"], "3.12.1");
  await exe(join(home, ".pyenv/shims/bootytest"), "exec pyenv exec bootytest");
  await exe(join(home, ".pyenv/versions/3.12.1/bin/bootytest"), "echo '1 passed'");
  const repo = makeRepo(join(dir, "repo"), { ...SAMPLE_FILES, ".booty.yml": "test_command: bootytest -q\n" });
  const script = writeScript(dir, { analyze: ANALYSIS, generate: PLAN });
  const run = async (path: string, runId: string) => {
    const config = loadConfig({ HOME: home, PATH: path }, { model: `script:${script}`, dataDir: join(dir, "data") });
    const model = createModel(config.model, { logger: silentLogger() });
    const issue = { number: 7, title: "Add subtract", body: "We need subtract(a, b)." };
    return runPipeline(pipelineDeps(config, { model, logger: silentLogger() }), { source: repo, issue, runId });
  };

  const without = await run("/usr/bin:/bin", "without");
  assert.equal(without.status, "failed");
  assert.match(without.error?.message ?? "", /bootytest/);
  assert.equal(without.usage.inputTokens, 0, "no model call before the stop");

  const withIt = await run(`${home}/.pyenv/shims:/usr/bin:/bin`, "with");
  assert.equal(withIt.status, "succeeded", withIt.error?.message);
  assert.equal(withIt.verified, true, JSON.stringify(withIt.verification));
});
