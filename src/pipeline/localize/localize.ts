import { join } from "node:path";
import { ANALYZE_BUDGET, ANALYZE_TOP } from "../../localize/budget.ts";
import { localize } from "../../localize/index.ts";
import type { Logger } from "../../log/logger.ts";
import { blobKeys } from "../../workspace/blob-ids.ts";
import type { IssueInput } from "../types.ts";

export interface Located {
  repoOverview: string;
  candidateFiles: { path: string; content: string }[];
  /** The top-ranked files and why, for the run's report. */
  ranked?: { path: string; score: number; reasons: string[] }[];
}

export interface LocateOptions {
  root: string;
  files: string[];
  issue: IssueInput;
  dataDir: string;
  commit: string;
  logger: Logger;
}

/**
 * Narrows the repository down without a model call: the analyze step gets the top-ranked files (whole or
 * their relevant regions) and a compact map, instead of the full file list.
 */
export async function locateCandidates(opts: LocateOptions): Promise<Located> {
  const result = await localize({
    root: opts.root,
    files: opts.files,
    issue: { title: opts.issue.title, body: opts.issue.body },
    cacheDir: join(opts.dataDir, "index"),
    commit: opts.commit,
    budget: ANALYZE_BUDGET,
    top: ANALYZE_TOP,
    logger: opts.logger,
    // Blob ids let an index cached for an earlier commit be reused for the files that did not change.
    listBlobs: blobKeys,
  });
  return {
    repoOverview: result.repoMap,
    candidateFiles: result.packed.map((p) => ({ path: p.path, content: p.text })),
    ranked: result.files.map((f) => ({ path: f.path, score: f.score, reasons: f.reasons })),
  };
}
