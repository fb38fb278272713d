import { tmpdir } from "node:os";
import { describeError, SandboxError } from "../../errors/index.ts";
import type { Logger } from "../../log/logger.ts";
import { removeDeadScratch, type Sandbox } from "../../sandbox/index.ts";
import type { PipelinePorts } from "../deps.ts";
import type { RunPlan } from "../plan/plan.ts";
import { type Baseline, runBaseline, testCommandFor } from "./baseline.ts";
import { workingFiles } from "./working-files.ts";

export interface PreparedVerification {
  sandbox: Sandbox | null;
  baseline: Baseline | null;
  /** Why repository code will not run (no sandbox), when it will not. */
  refusal?: string;
  /** Why the tests cannot run, when the preflight found so and verification is optional. */
  cannotRun?: string;
}

/** Before the change is applied: start the sandbox and run the tests on the base commit. */
export async function prepareVerification(opts: {
  createSandbox: PipelinePorts["createSandbox"];
  plan: RunPlan;
  root: string;
  logger: Logger;
  signal?: AbortSignal | undefined;
}): Promise<PreparedVerification> {
  const command = testCommandFor(opts.plan.repoConfig, opts.plan.detected);
  if (!command && !opts.plan.self) return { sandbox: null, baseline: null };
  let sandbox: Sandbox;
  try {
    const readOnly = opts.plan.repoConfig?.sandboxReadOnly;
    sandbox = await opts.createSandbox({ logger: opts.logger, signal: opts.signal, readOnly });
  } catch (error) {
    if (!(error instanceof SandboxError)) throw error;
    return { sandbox: null, baseline: null, refusal: describeError(error) };
  }
  // What a `booty run` killed with -9 left: nothing else would ever remove it.
  await removeDeadScratch(tmpdir());
  const baseline = await runBaseline({
    sandbox,
    root: opts.root,
    config: opts.plan.repoConfig,
    detected: opts.plan.detected,
    logger: opts.logger,
    files: await workingFiles(opts.root),
  });
  return { sandbox, baseline };
}
