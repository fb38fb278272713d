/**
 * A second job's setup against the first's: two jobs on one repository with a setup_command, sharing
 * booty's data directory (and so its setup cache), timed from what the verify stage logs.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { stringify } from "yaml";
import { loadConfig } from "../../src/config/index.ts";
import { createLogger, silentLogger } from "../../src/log/logger.ts";
import { createModel } from "../../src/model/factory.ts";
import { pipelineDeps, runPipeline } from "../../src/pipeline/run.ts";
import { makeRepo } from "./run.ts";
import type { Scenario } from "./scenarios.ts";

export interface SetupJob {
  durationMs: number | null;
  fromCache: boolean;
  exitCode: number | null;
  verified: boolean | null;
}

/** Runs the scenario as `jobs` successive jobs on the same repository and data directory. */
export async function setupJobs(s: Scenario, env: Record<string, string | undefined>, jobs = 2): Promise<SetupJob[]> {
  const dir = mkdtempSync(join(tmpdir(), "booty-bench-setup-"));
  try {
    const repo = makeRepo(join(dir, "repo"), s.files);
    const scriptPath = join(dir, "script.yml");
    writeFileSync(scriptPath, stringify(s.script));
    const config = loadConfig(
      { ...env, BOOTY_SANDBOX: "bwrap" },
      { model: `script:${scriptPath}`, dataDir: join(dir, "data") },
    );
    const out: SetupJob[] = [];
    for (let job = 1; job <= jobs; job += 1) {
      const lines: string[] = [];
      const destination = new Writable({
        write(chunk, _enc, done) {
          lines.push(...chunk.toString().split("\n").filter(Boolean));
          done();
        },
      });
      const logger = createLogger({ level: "info", destination });
      const model = createModel(config.model, { logger: silentLogger() });
      const report = await runPipeline(pipelineDeps(config, { model, logger }), {
        source: repo,
        issue: { number: 7, ...s.issue },
        runId: `bench-setup-${job}`,
        dryRun: true,
      });
      const ran = lines
        .map((l) => JSON.parse(l) as Record<string, unknown>)
        .find((l) => l.msg === "verify: setup_command ran");
      out.push({
        durationMs: typeof ran?.durationMs === "number" ? ran.durationMs : null,
        fromCache: ran?.fromCache === true,
        exitCode: typeof ran?.exitCode === "number" ? ran.exitCode : null,
        verified: report.verified,
      });
    }
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function formatSetup(command: string, jobs: readonly SetupJob[]): string {
  const [first, second] = jobs;
  const ms = (j: SetupJob | undefined) =>
    j?.durationMs == null ? "not logged" : `${j.durationMs} ms${j.fromCache ? " (restored from the setup cache)" : ""}`;
  const ratio =
    first?.durationMs && second?.durationMs != null ? `${(second.durationMs / first.durationMs).toFixed(3)}×` : "n/a";
  return [
    `setup_command \`${command}\`, two jobs on one repository (goal: second ≤ 0.1× first)`,
    `  first job ${ms(first)}, exit ${first?.exitCode ?? "?"}, verified ${first?.verified}`,
    `  second job ${ms(second)}, exit ${second?.exitCode ?? "?"}, verified ${second?.verified}`,
    `  second / first: ${ratio}`,
  ].join("\n");
}
