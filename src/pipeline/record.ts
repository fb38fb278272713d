/**
 * What a run records for the dashboard besides its outcome: the localizer's ranking, the model's analysis
 * and approach, the diff. Model output and repository content are hostile; each text is scrubbed of the
 * secrets the logger knows before it is kept, and the diff is bounded.
 */
import type { IssueAnalysis } from "../model/schemas/index.ts";
import type { Located } from "./localize/localize.ts";
import type { RunAnalysis, RunReport } from "./types.ts";

export type Scrub = (text: string) => string;

/** Enough to read a change on a page; a larger one is cut (the pull request has all of it). */
export const DIFF_LIMIT = 200_000;
const TOP = 20;

export function recordLocalized(report: RunReport, located: Located, scrub: Scrub): void {
  if (!located.ranked) return;
  report.localized = located.ranked.slice(0, TOP).map((f) => ({
    path: scrub(f.path),
    score: f.score,
    reasons: f.reasons.map(scrub),
  }));
}

export function recordAnalysis(report: RunReport, analysis: IssueAnalysis, scrub: Scrub): void {
  const all = (list: string[]) => list.map(scrub);
  const kept: RunAnalysis = {
    summary: scrub(analysis.summary),
    taskDescription: scrub(analysis.taskDescription),
    filesToModify: all(analysis.filesToModify),
    filesToCreate: all(analysis.filesToCreate),
    filesToDelete: all(analysis.filesToDelete),
    acceptanceCriteria: all(analysis.acceptanceCriteria),
  };
  if (analysis.kind) kept.kind = analysis.kind;
  report.analysis = kept;
}

export function recordApproach(report: RunReport, approach: string, scrub: Scrub): void {
  if (report.analysis) report.analysis.approach = scrub(approach);
}

export function recordDiff(report: RunReport, diff: string, scrub: Scrub): void {
  const truncated = diff.length > DIFF_LIMIT;
  report.diff = { text: scrub(truncated ? diff.slice(0, DIFF_LIMIT) : diff), truncated };
}
