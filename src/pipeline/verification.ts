import type { Config } from "../config/index.ts";
import { describeError, SandboxError } from "../errors/index.ts";
import type { Logger } from "../log/logger.ts";
import { type DetectedTestCommand, detectTestCommand, loadRepoConfig, type RepoConfig } from "../repo-config/index.ts";
import { createSandbox, type Sandbox } from "../sandbox/index.ts";
import { createPathPolicy, type PathPolicy } from "../security/path-policy.ts";
import { runGit } from "../workspace/git.ts";
import {
  type Baseline,
  runBaseline,
  type SelfModificationRules,
  selfModificationRules,
  testCommandFor,
  type Verification,
  verifyAndRefine,
} from "./verify/index.ts";

/** What the pipeline knows about verifying this repository before it changes anything. */
export interface VerifyPlan {
  repoConfig: RepoConfig | null;
  detected: DetectedTestCommand | null;
  self: SelfModificationRules | null;
  policy: PathPolicy;
  maxRetries: number;
}

/** Reads `.booty.yml` (an invalid one fails the run), detects a test command, and builds the path policy. */
export async function planVerification(opts: {
  config: Config;
  root: string;
  files: string[];
  target: { fullName?: string | undefined; path?: string | undefined };
}): Promise<VerifyPlan> {
  const repoConfig = await loadRepoConfig(opts.root);
  const detected = repoConfig?.testCommand ? null : detectTestCommand(opts.root, opts.files);
  const self = selfModificationRules(opts.config.sandbox.selfRepo, opts.target);
  const policy = createPathPolicy({
    root: opts.root,
    restricted: opts.config.restrictedPaths,
    protected: self?.protectedPaths ?? [],
    repository: { restricted: repoConfig?.restrictedPaths ?? [], protected: repoConfig?.protectedPaths ?? [] },
  });
  return { repoConfig, detected, self, policy, maxRetries: repoConfig?.maxRetries ?? 3 };
}

export interface PreparedVerification {
  sandbox: Sandbox | null;
  baseline: Baseline | null;
  /** Why repository code will not run (no sandbox), when it will not. */
  refusal?: string;
}

/** Before the change is applied: start the sandbox and run the tests on the base commit. */
export async function prepareVerification(opts: {
  config: Config;
  plan: VerifyPlan;
  root: string;
  logger: Logger;
  signal?: AbortSignal | undefined;
}): Promise<PreparedVerification> {
  const command = testCommandFor(opts.plan.repoConfig, opts.plan.detected);
  if (!command && !opts.plan.self) return { sandbox: null, baseline: null };
  let sandbox: Sandbox;
  try {
    sandbox = await createSandbox({ mode: opts.config.sandbox.mode, logger: opts.logger, signal: opts.signal });
  } catch (error) {
    if (!(error instanceof SandboxError)) throw error;
    return { sandbox: null, baseline: null, refusal: describeError(error) };
  }
  const files = await workingFiles(opts.root);
  const baseline = await runBaseline({
    sandbox,
    root: opts.root,
    config: opts.plan.repoConfig,
    detected: opts.plan.detected,
    logger: opts.logger,
    files,
  });
  return { sandbox, baseline };
}

/** After the change is applied: run the tests, refine on new failures, and say what was verified. */
export async function verifyChange(opts: {
  plan: VerifyPlan;
  prepared: PreparedVerification;
  root: string;
  logger: Logger;
  refine: (failures: string, implicated: string[]) => Promise<void>;
}): Promise<Verification> {
  const { plan, prepared } = opts;
  if (!prepared.sandbox) {
    const command = testCommandFor(plan.repoConfig, plan.detected);
    return {
      verified: false,
      command,
      sandboxed: false,
      rounds: [],
      note: prepared.refusal
        ? `tests not run: ${prepared.refusal}`
        : "no test command found (no .booty.yml test_command, none detected): the change is unverified",
    };
  }
  return verifyAndRefine({
    sandbox: prepared.sandbox,
    root: opts.root,
    repoFiles: () => workingFiles(opts.root),
    config: plan.repoConfig,
    detected: plan.detected,
    baseline: prepared.baseline,
    maxRetries: plan.maxRetries,
    refine: opts.refine,
    logger: opts.logger,
    ...(plan.self ? { extraChecks: plan.self.checks } : {}),
  });
}

/** Tracked files plus the ones the change created (untracked, not ignored): what the tests must see. */
async function workingFiles(root: string): Promise<string[]> {
  const { stdout } = await runGit(["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: root });
  return [...new Set(stdout.split("\0").filter(Boolean))];
}
