/** Runs the whole pipeline on a temp repository with the script model (for pipeline-level tests). */
import { join } from "node:path";
import { loadConfig } from "../../src/config/index.ts";
import { silentLogger } from "../../src/log/logger.ts";
import { createModel } from "../../src/model/factory.ts";
import { type PipelinePorts, pipelineDeps, runPipeline } from "../../src/pipeline/run.ts";
import type { IssueInput } from "../../src/pipeline/types.ts";
import { tempDir } from "../../src/workspace/test-support.ts";
import { sampleRepo, snapshot, writeScript } from "./pipeline-fixtures.ts";

export async function runScripted(
  t: { after(fn: () => void): void },
  script: Record<string, unknown>,
  opts: {
    env?: Record<string, string>;
    issue?: Partial<IssueInput>;
    repo?: (dir: string) => string;
    /** Fakes for ports, where a fake is the point of the test (an unavailable sandbox). */
    deps?: Partial<PipelinePorts>;
  } = {},
) {
  const dir = tempDir(t, "booty-pipe-");
  const repo = opts.repo ? opts.repo(join(dir, "repo")) : sampleRepo(join(dir, "repo"));
  const scriptPath = writeScript(dir, script);
  const dataDir = join(dir, "data");
  const config = loadConfig({ HOME: dir, ...opts.env }, { model: `script:${scriptPath}`, dataDir });
  const model = createModel(config.model, { logger: silentLogger() });
  const before = snapshot(repo);
  const issue = { number: 7, title: "Add subtract", body: "We need subtract(a, b).", ...opts.issue };
  const report = await runPipeline(pipelineDeps(config, { model, logger: silentLogger(), ...opts.deps }), {
    source: repo,
    issue,
    runId: "test-run",
  });
  return { dir, dataDir, repo, report, before, after: snapshot(repo) };
}
