import { join } from "node:path";
import type { Config } from "../config/index.ts";
import type { Logger } from "../log/logger.ts";
import type { Model } from "../model/port.ts";
import { createSandbox, type Sandbox } from "../sandbox/index.ts";
import { type OpenWorkspaceOptions, openWorkspace, type Workspace } from "../workspace/open.ts";
import { type Located, type LocateOptions, locateCandidates } from "./localize/localize.ts";
import type { ProgressObserver } from "./progress.ts";
import type { Caps } from "./steps/usage.ts";
import type { RunReport } from "./types.ts";

/** The slice of the settings the pipeline reads; the service and the CLI derive it from `Config`. */
export interface PipelineOptions {
  branchPrefix: string;
  baseBranch: string | undefined;
  dataDir: string;
  maxFiles: number;
  restrictedPaths: string[];
  maxContextTokens: number;
  maxOutputTokens: number;
  /** Per-job spending caps, checked before each model call; `.booty.yml` may lower them. */
  caps?: Caps | undefined;
  /** booty's own repository (owner/name or a path): changes to it are self-modification. */
  selfRepo: string | undefined;
  /** BOOTY_EDIT_FORMAT; search/replace when absent. */
  editFormat?: Config["editFormat"] | undefined;
}

export interface PublishedPullRequest {
  number: number;
  url: string;
  draft: boolean;
}

/** Pushes the committed branch and opens (or updates) its pull request; the CLI has none. */
export interface Publisher {
  publish(ctx: { workspace: Workspace; report: RunReport }): Promise<PublishedPullRequest | undefined>;
}

/** The ports the pipeline runs on. Tests pass fakes where that is the point of the test. */
export interface PipelinePorts {
  model: Model;
  logger: Logger;
  openWorkspace: (opts: OpenWorkspaceOptions) => Promise<Workspace>;
  createSandbox: (opts: {
    logger: Logger;
    signal?: AbortSignal | undefined;
    /** The repository's `.booty.yml` `sandbox.read_only`. */
    readOnly?: readonly string[] | undefined;
  }) => Promise<Sandbox>;
  localize: (opts: LocateOptions) => Promise<Located>;
  now: () => number;
  publisher?: Publisher | undefined;
  /** Told at each stage boundary (the service's status comment); never awaited, never fails the run. */
  progress?: ProgressObserver | undefined;
}

export interface PipelineDeps extends PipelinePorts {
  options: PipelineOptions;
}

export function pipelineOptions(config: Config): PipelineOptions {
  return {
    branchPrefix: config.branchPrefix,
    baseBranch: config.baseBranch,
    dataDir: config.dataDir,
    maxFiles: config.maxFiles,
    restrictedPaths: config.restrictedPaths,
    maxContextTokens: config.model.maxContextTokens,
    maxOutputTokens: config.model.maxOutputTokens,
    caps: config.caps,
    selfRepo: config.sandbox.selfRepo,
    editFormat: config.editFormat,
  };
}

/** The real adapters for a configuration: git worktrees, the configured sandbox, the localizer. */
export function pipelineDeps(
  config: Config,
  ports: Pick<PipelinePorts, "model" | "logger"> & Partial<PipelinePorts>,
): PipelineDeps {
  return {
    openWorkspace,
    createSandbox: (opts) =>
      createSandbox({
        mode: config.sandbox.mode,
        limits: config.sandbox.limits,
        toolchain: { ...config.sandbox.toolchain, dataDir: config.dataDir },
        setupCache: { dir: join(config.dataDir, "setup-cache"), maxBytes: config.sandbox.setupCacheBytes },
        ...opts,
      }),
    localize: locateCandidates,
    now: () => performance.now(),
    ...ports,
    options: pipelineOptions(config),
  };
}
