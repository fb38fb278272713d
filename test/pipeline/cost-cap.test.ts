/**
 * A job's spending cap stops the pipeline between two model calls: the analysis is made, the generation
 * is refused before it is asked, the report says what was spent, and nothing is left on the branch.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, test } from "node:test";
import { loadConfig } from "../../src/config/index.ts";
import type { Logger } from "../../src/log/logger.ts";
import { silentLogger } from "../../src/log/logger.ts";
import { createScriptModel } from "../../src/model/script/model.ts";
import { pipelineDeps, runPipeline } from "../../src/pipeline/run.ts";
import { commitFiles, git, tempDir } from "../../src/workspace/test-support.ts";
import { ANALYSIS, PLAN, sampleRepo, snapshot, writeScript } from "../support/pipeline-fixtures.ts";
import { recordingLogger } from "../support/recording-logger.ts";

// Cheap input, dear output: each call may cost up to 256 output tokens x $10,000/M = $2.56, and the
// analysis (about 80 tokens of JSON) costs about $0.80. A $3 cap admits the analysis, not the generation.
const price = { inputPerMillion: 1, outputPerMillion: 10_000, cacheReadPerMillion: 0.1, cacheWritePerMillion: 1.25 };

async function run(
  t: { after(fn: () => void): void },
  env: Record<string, string>,
  bootyYml?: string,
  o: { priced?: boolean; logger?: Logger } = {},
) {
  const dir = tempDir(t, "booty-cap-");
  const repo = sampleRepo(join(dir, "repo"));
  if (bootyYml !== undefined) commitFiles(repo, { ".booty.yml": bootyYml }, "chore: booty settings");
  const script = writeScript(dir, { analyze: ANALYSIS, generate: PLAN });
  const config = loadConfig(
    { HOME: dir, BOOTY_MAX_OUTPUT_TOKENS: "256", ...env },
    { model: `script:${script}`, dataDir: join(dir, "data") },
  );
  const model = createScriptModel(script, { logger: silentLogger(), ...(o.priced === false ? {} : { price }) });
  const before = snapshot(repo);
  const report = await runPipeline(pipelineDeps(config, { model, logger: o.logger ?? silentLogger() }), {
    source: repo,
    issue: { number: 7, title: "Add subtract", body: "We need subtract(a, b)." },
    runId: "cap-run",
  });
  return { repo, report, before, after: snapshot(repo) };
}

describe("a cost cap stops a job between two calls", () => {
  test("BOOTY_MAX_COST_USD: analysis done, generation refused, the spend in the report", async (t) => {
    const { report, before, after } = await run(t, { BOOTY_MAX_COST_USD: "3" });
    assert.equal(report.status, "failed");
    assert.equal(report.error?.code, "cost-cap");
    assert.equal(report.error?.retryable, false);
    const message = report.error?.message ?? "";
    assert.match(
      message,
      /^cost cap \$3\.0000 \(environment\) reached before the generate call, which could cost up to \$2\.5\d+/,
    );
    assert.match(message, /: \$0\.\d{4} and \d+ tokens spent in 1 call$/);
    assert.deepEqual(
      report.usage.calls.map((c) => c.step),
      ["analyze"],
    );
    const spent = report.usage.costUsd ?? 0;
    assert.ok(spent > 0.5 && spent < 3, `spent ${spent}`);
    assert.ok(message.includes(`$${spent.toFixed(4)}`), "the message says what the report says was spent");
    assert.deepEqual(report.usage.caps, { maxCostUsd: 3 });
    assert.equal(report.commit, null);
    assert.deepEqual(after, before, "no branch, commit or worktree left");
  });

  test("without a cap the same job goes through, and each call is in the report", async (t) => {
    const { repo, report } = await run(t, {});
    assert.equal(report.status, "succeeded", report.error?.message);
    assert.deepEqual(
      report.usage.calls.map((c) => c.step),
      ["analyze", "generate"],
    );
    const sum = report.usage.calls.reduce((n, c) => n + (c.costUsd ?? 0), 0);
    assert.ok(Math.abs((report.usage.costUsd ?? 0) - sum) < 1e-12);
    assert.equal(
      report.usage.inputTokens,
      report.usage.calls.reduce((n, c) => n + c.inputTokens, 0),
    );
    assert.equal(git(repo, "rev-list", "--count", "main..booty/issue-7"), "1");
    const cost = `$${(report.usage.costUsd ?? 0).toFixed(4)}`;
    assert.ok(
      report.pullRequest?.body.includes(`_Cost: 2 model calls, ${report.usage.inputTokens} tokens in, `) &&
        report.pullRequest.body.includes(`out: ${cost}._`),
      "the PR body shows the job's cost",
    );
  });

  test(".booty.yml lowers the operator's cap", async (t) => {
    const { report } = await run(t, { BOOTY_MAX_COST_USD: "100" }, "max_cost_usd: 3\n");
    assert.equal(report.error?.code, "cost-cap");
    assert.match(report.error?.message ?? "", /^cost cap \$3\.0000 \(\.booty\.yml\) reached before the generate call/);
  });

  test(".booty.yml cannot raise it", async (t) => {
    const { report } = await run(t, { BOOTY_MAX_COST_USD: "3" }, "max_cost_usd: 1000\nmax_tokens: 100000000\n");
    assert.equal(report.error?.code, "cost-cap");
    assert.match(report.error?.message ?? "", /^cost cap \$3\.0000 \(environment\)/);
  });

  test("a cap lower than one call stops before the first call", async (t) => {
    const { report, before, after } = await run(t, { BOOTY_MAX_COST_USD: "1" });
    assert.equal(report.error?.code, "cost-cap");
    assert.match(report.error?.message ?? "", /before the analyze call.*: \$0\.0000 and 0 tokens spent in 0 calls$/);
    assert.deepEqual(report.usage.calls, []);
    assert.deepEqual(after, before);
  });

  test("a cost cap alone cannot hold a model without a price: the job runs, and the log says so", async (t) => {
    const unheld = /"msg":"the cost cap cannot hold this job: its model has no price, and no token cap/;
    const warned = recordingLogger();
    const { report } = await run(t, { BOOTY_MAX_COST_USD: "0.01" }, undefined, { priced: false, ...warned });
    assert.equal(report.status, "succeeded", report.error?.message);
    assert.equal(report.usage.costUsd, null, "cost unknown, never a crash");
    assert.equal(warned.lines.filter((l) => unheld.test(l)).length, 1, warned.lines.join(""));
    const held = recordingLogger();
    const capped = await run(t, { BOOTY_MAX_COST_USD: "0.01" }, "max_tokens: 1000000\n", { priced: false, ...held });
    assert.equal(capped.report.status, "succeeded", capped.report.error?.message);
    assert.ok(!held.lines.some((l) => unheld.test(l)), "a token cap from .booty.yml holds it");
    const priced = recordingLogger();
    await run(t, { BOOTY_MAX_COST_USD: "3" }, undefined, priced);
    assert.ok(!priced.lines.some((l) => unheld.test(l)), "a priced model is held by the cost cap");
  });
});
