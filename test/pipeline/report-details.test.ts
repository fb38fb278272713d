import assert from "node:assert/strict";
import { join } from "node:path";
import { Writable } from "node:stream";
import { test } from "node:test";
import { loadConfig } from "../../src/config/index.ts";
import { createLogger } from "../../src/log/logger.ts";
import { LogTails } from "../../src/log/tails.ts";
import { createModel } from "../../src/model/factory.ts";
import { pipelineDeps, runPipeline } from "../../src/pipeline/run.ts";
import { tempDir } from "../../src/workspace/test-support.ts";
import { ANALYSIS, PLAN, sampleRepo, writeScript } from "../support/pipeline-fixtures.ts";

const SECRET = "webhook-secret-3f9a7c1e";
const TOKEN = `ghp_${"A1b2C3d4".repeat(5)}`;

test("a run's report keeps the localizer's ranking, the analysis and approach, the diff and its log tail, scrubbed", async (t) => {
  const dir = tempDir(t, "booty-details-");
  const repo = sampleRepo(join(dir, "repo"));
  // The model echoes what the hostile issue carried: both secrets, in the analysis and the approach.
  const script = writeScript(dir, {
    analyze: { ...ANALYSIS, taskDescription: `Add subtract; the secret is ${SECRET} and ${TOKEN}.` },
    generate: { ...PLAN, approach: `Add subtract() beside add() (${SECRET}).` },
  });
  const config = loadConfig({ HOME: dir }, { model: `script:${script}`, dataDir: join(dir, "data") });
  let written = "";
  const sink = new Writable({
    write(chunk, _e, done) {
      written += chunk.toString();
      done();
    },
  });
  const logger = createLogger({ level: "warn", destination: sink, secrets: [SECRET], tails: new LogTails([SECRET]) });
  const model = createModel(config.model, { logger });
  const report = await runPipeline(pipelineDeps(config, { model, logger }), {
    source: repo,
    issue: { number: 7, title: "Add subtract to calc ops", body: `We need subtract(a, b). ${SECRET} ${TOKEN}` },
    runId: "details-run",
  });
  assert.equal(report.status, "succeeded", report.error?.message);
  const top = report.localized?.[0];
  assert.ok(top && top.reasons.length > 0, "the top file comes with its reasons");
  assert.ok(report.localized?.some((f) => f.path === "calc/ops.py"));
  assert.equal(report.analysis?.summary, ANALYSIS.summary);
  assert.deepEqual(report.analysis?.filesToModify, ["calc/ops.py"]);
  assert.equal(report.analysis?.approach, "Add subtract() beside add() ([REDACTED]).");
  assert.match(report.analysis?.taskDescription ?? "", /the secret is \[REDACTED\] and \[REDACTED\]/);
  assert.match(report.diff?.text ?? "", /^\+def subtract\(a, b\):$/m);
  assert.equal(report.diff?.truncated, false);
  const steps = new Set(report.log?.map((l) => l.step));
  for (const step of ["localize", "analyze", "generate", "commit"]) assert.ok(steps.has(step), `log lines of ${step}`);
  assert.match(report.log?.at(-1)?.msg ?? "", /run succeeded/);
  assert.equal(written.includes("analyze…"), false, "the terminal keeps its level; only the tail takes info lines");
  const kept = JSON.stringify([report.localized, report.analysis, report.diff, report.log]);
  assert.equal(kept.includes(SECRET), false);
  assert.equal(kept.includes(TOKEN), false);
});

test("a run's log tail keeps only its last lines", () => {
  const tails = new LogTails([], 3);
  tails.open("r1");
  for (let i = 0; i < 5; i++) tails.write(`${JSON.stringify({ level: 30, time: 0, runId: "r1", msg: `line ${i}` })}\n`);
  tails.write(`${JSON.stringify({ level: 30, time: 0, runId: "other", msg: "not mine" })}\n`);
  assert.deepEqual(
    tails.take("r1").map((l) => l.msg),
    ["line 2", "line 3", "line 4"],
  );
  assert.deepEqual(tails.take("r1"), [], "taken lines are forgotten");
});
