import { describeError, isBootyError } from "../errors/index.ts";
import type { RunReport } from "../pipeline/types.ts";
import { renderReport } from "./render-report.ts";

/** Writes the report: one JSON object on stdout with --json, otherwise the human summary. */
export function printReport(report: RunReport, json: boolean): void {
  if (json) process.stdout.write(`${JSON.stringify(report)}\n`);
  else process.stdout.write(renderReport(report));
  // The summary on a terminal already states the error; a stdout sent elsewhere leaves stderr to say it.
  const seen = process.stdout.isTTY === true;
  if (!json && !seen && report.status === "failed" && report.error) {
    process.stderr.write(`booty: ${report.error.message}\n`);
  }
}

/** A failure before the pipeline could start (bad flags, config, model settings), shaped like a report. */
export function printEarlyFailure(error: unknown, json: boolean): void {
  const message = describeError(error);
  if (json) {
    const report = {
      status: "failed",
      branch: null,
      commit: null,
      changedFiles: [],
      verified: null,
      error: { message, ...(isBootyError(error) ? { code: error.code } : {}) },
      timings: {},
      usage: { inputTokens: 0, outputTokens: 0, costUsd: null, calls: [] },
      pullRequest: null,
    };
    process.stdout.write(`${JSON.stringify(report)}\n`);
  }
  process.stderr.write(`booty: ${message}\n`);
}

export function looksLikeUrl(source: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(source) || /^[\w.-]+@[\w.-]+:/.test(source);
}
