import {
  type DetectedTestCommand,
  detectTestCommand,
  loadRepoConfig,
  loadRepoConfigAt,
  type RepoConfig,
} from "../../repo-config/index.ts";
import { createPathPolicy, type PathPolicy } from "../../security/path-policy.ts";
import type { PipelineOptions } from "../deps.ts";
import { type SelfModificationRules, selfModificationRules } from "./self-mod.ts";

/** What the pipeline knows about the repository before it changes anything: its rules and its tests. */
export interface RunPlan {
  repoConfig: RepoConfig | null;
  detected: DetectedTestCommand | null;
  self: SelfModificationRules | null;
  policy: PathPolicy;
  maxRetries: number;
}

/**
 * Reads `.booty.yml` (an invalid one fails the run) from the base commit when one is given (the working
 * tree may be a branch someone else wrote), detects a test command, and builds the path policy.
 */
export async function planRun(opts: {
  options: Pick<PipelineOptions, "restrictedPaths" | "selfRepo">;
  root: string;
  files: string[];
  target: { fullName?: string | undefined; path?: string | undefined };
  /** The base branch's commit, which the repository's rules are read from. */
  baseCommit?: string | undefined;
}): Promise<RunPlan> {
  const repoConfig = opts.baseCommit
    ? await loadRepoConfigAt(opts.root, opts.baseCommit)
    : await loadRepoConfig(opts.root);
  const detected = repoConfig?.testCommand ? null : detectTestCommand(opts.root, opts.files);
  const self = selfModificationRules(opts.options.selfRepo, opts.target);
  const policy = createPathPolicy({
    root: opts.root,
    restricted: opts.options.restrictedPaths,
    protected: self?.protectedPaths ?? [],
    repository: { restricted: repoConfig?.restrictedPaths ?? [], protected: repoConfig?.protectedPaths ?? [] },
  });
  return { repoConfig, detected, self, policy, maxRetries: repoConfig?.maxRetries ?? 3 };
}
