import type { Logger } from "../log/logger.ts";
import type { CountTokens } from "./pack/count.ts";
import type { PackedFile } from "./pack/pack.ts";

export type BlobLister = (root: string, commit: string, logger?: Logger) => Promise<Map<string, string>>;

export interface LocalizeOptions {
  root: string;
  /** Tracked paths, relative to root. */
  files: string[];
  issue: { title: string; body: string };
  /** Where per-commit indexes are cached (`<dataDir>/index`); no caching without it. */
  cacheDir?: string;
  /** The commit `root` is checked out at; the cache key. */
  commit?: string;
  /** Token budget for packed files, including `reserveTokens`. Default ANALYZE_BUDGET (24,000), what analyze gets. */
  budget?: number;
  /** How many ranked files to list. Default 20. */
  top?: number;
  /** Tokens already spoken for in the prompt (instructions, examples); the issue text is counted here. */
  reserveTokens?: number;
  countTokens?: CountTokens;
  /**
   * Lists the git blob id of every tracked path at a commit (workspace/blob-ids.ts): an index cached for
   * another commit is then reused for the files whose blob did not change. Without it the cache only serves
   * the same commit.
   */
  listBlobs?: BlobLister;
  logger?: Logger;
}

export interface RankedFile {
  path: string;
  score: number;
  tokens: number;
  reasons: string[];
}

export interface LocalizeResult {
  files: RankedFile[];
  packed: PackedFile[];
  budget: number;
  used: number;
  /** Compact map of the top files with their key symbols, for the model prompt. */
  repoMap: string;
}
