import type { LogLine } from "../log/tails.ts";
import type { ModelStep, Usage } from "../model/port.ts";

export interface IssueInput {
  number?: number | undefined;
  title: string;
  body: string;
  /** The issue's comments as prompt text (fenced); the pipeline fills it in from its input's discussion. */
  discussion?: string | null | undefined;
  /** The repository's guidance for agents as prompt text (fenced), read by the pipeline at the base commit. */
  guidance?: string | null | undefined;
}

/** One call to the model provider (a schema retry is a call of its own). */
export interface ModelCall {
  step: ModelStep;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  ms: number;
  /** null when the model's price is unknown. */
  costUsd: number | null;
}

export interface UsageTotals extends Usage {
  /** null when the model's price is unknown (local models, the script model). */
  costUsd: number | null;
  calls: ModelCall[];
  /** The job's caps as they applied (after `.booty.yml` lowered them), when any was set. */
  caps?: { maxCostUsd?: number; maxTokens?: number };
}

export interface VerificationRound {
  round: number;
  passed: boolean;
  failures: string[];
  durationMs: number;
}

/** What `booty run --json` prints, and what the service stores per run. */
export interface RunReport {
  status: "succeeded" | "failed";
  branch: string | null;
  commit: string | null;
  changedFiles: string[];
  /** null until the verify stage ran; false when tests were unavailable or still fail. */
  verified: boolean | null;
  error?: { message: string; code?: string; retryable?: boolean };
  timings: Record<string, number>;
  usage: UsageTotals;
  /** draft: unverified or self-modification; labels to add (e.g. `self-modification`). */
  pullRequest: { title: string; body: string; draft: boolean; labels: string[] } | null;
  /** The pull request the publish stage opened or updated (the service only). */
  published?: { number: number; url: string; draft: boolean };
  model: string;
  scripted: boolean;
  dryRun: boolean;
  /** Per changed file, the matching rung that placed each edit or diff hunk (exact, whitespace, indentation, ...). */
  edits?: { path: string; rungs: string[] }[];
  /** Files that ranked but did not fit the token budget. */
  leftOut?: string[];
  verification?: VerificationReport;
  /** For a run on a URL: the bare mirror under the data directory that holds the branch. */
  mirror?: string;
  /** The localizer's top files, and why each ranked. */
  localized?: { path: string; score: number; reasons: string[] }[];
  /** What the model understood (analyze) and how it went about the change (generate's approach). */
  analysis?: RunAnalysis;
  /** The committed change (base..HEAD), scrubbed, cut at DIFF_LIMIT characters. */
  diff?: { text: string; truncated: boolean };
  /** The run's last log lines, info and up, scrubbed as the log is. */
  log?: LogLine[];
  /** The check run reported on the pull request's head, with its page when the forge gave one. */
  check?: { url: string | null; state?: string };
}

export interface RunAnalysis {
  summary: string;
  kind?: string | undefined;
  taskDescription: string;
  filesToModify: string[];
  filesToCreate: string[];
  filesToDelete: string[];
  acceptanceCriteria: string[];
  approach?: string;
}

/** The verify stage's findings as the report carries them. */
export interface VerificationReport {
  command: string | null;
  sandboxed: boolean;
  rounds: VerificationRound[];
  note?: string;
  /** The issue's tests: failing at the base; `after` is null once they pass. */
  targets?: { id: string; before: string; after: string | null }[];
  /** Tests that passed at the base and fail after the change. */
  regressions?: string[];
  /** Base failures unrelated to the issue and the change: listed, never blocking. */
  unrelated?: { id: string; fixed: boolean }[];
  /** The test booty wrote to reproduce the bug: failing at the base, and whether it passes after. */
  reproduction?: { path: string; atBase: string; passes: boolean };
  /** Why the tests could not run at the base (the run went on because verification was optional). */
  cannotRun?: string;
}
