import { userInfo } from "node:os";
import type { Logger } from "../log/logger.ts";
import type { IssueInput, RunReport } from "../pipeline/types.ts";
import type { LocalRun } from "../queue/local-runs.ts";

/**
 * Records a `booty run` (or the demo) in the data dir, for the dashboard (`booty ui --data-dir`, or
 * `booty serve` over the same dir). Best effort: a run that could not be recorded still did its work.
 */
export async function recordLocalRun(o: {
  dataDir: string;
  runId: string;
  source: string;
  issue: IssueInput;
  startedAt: Date;
  report: RunReport;
  logger: Logger;
}): Promise<void> {
  try {
    // Loaded when a run ends: `booty run --help` loads neither.
    const [{ appendLocalRun, localJobId, localRepoName }, { tailsOf }] = await Promise.all([
      import("../queue/local-runs.ts"),
      import("../log/logger.ts"),
    ]);
    const { report } = o;
    const run: LocalRun = {
      id: localJobId(o.runId),
      repo: localRepoName(o.source),
      issueNumber: o.issue.number ?? 0,
      title: o.issue.title,
      actor: `${whoami()} (booty run)`,
      startedAt: o.startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      status: report.status,
      error: report.error ?? null,
      branch: report.status === "succeeded" && !report.dryRun ? report.branch : null,
      report,
    };
    // The issue's text and whatever else the run kept: scrubbed as the log is, before it is written.
    await appendLocalRun(o.dataDir, tailsOf(o.logger)?.scrubDeep(run) ?? run);
  } catch (error) {
    o.logger.warn({ err: error, dataDir: o.dataDir }, "could not record the run for the dashboard");
  }
}

function whoami(): string {
  try {
    return userInfo().username;
  } catch {
    return "someone";
  }
}
