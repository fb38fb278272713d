import { join } from "node:path";
import { localize } from "../../localize/index.ts";
import type { Logger } from "../../log/logger.ts";
import type { IssueInput } from "../types.ts";

export interface Located {
  repoOverview: string;
  candidateFiles: { path: string; content: string }[];
}

/** Token budget for what the analyze step sees: the best candidates, packed, plus the repository map. */
export const ANALYZE_BUDGET = 24_000;

/**
 * Narrows the repository down without a model call: the analyze step gets the top-ranked files (whole or
 * their relevant regions) and a compact map, instead of the full file list.
 */
export interface LocateOptions {
  root: string;
  files: string[];
  issue: IssueInput;
  dataDir: string;
  commit: string;
  logger: Logger;
}

export async function locateCandidates(opts: LocateOptions): Promise<Located> {
  const result = await localize({
    root: opts.root,
    files: opts.files,
    issue: { title: opts.issue.title, body: opts.issue.body },
    cacheDir: join(opts.dataDir, "index"),
    commit: opts.commit,
    budget: ANALYZE_BUDGET,
    top: 20,
    logger: opts.logger,
  });
  return {
    repoOverview: result.repoMap,
    candidateFiles: result.packed.map((p) => ({ path: p.path, content: p.text })),
  };
}
