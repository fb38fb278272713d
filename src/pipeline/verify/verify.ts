import type { Logger } from "../../log/logger.ts";
import type { RunPlan } from "../plan/plan.ts";
import { testCommandFor } from "./baseline.ts";
import { type Verification, type VerifyAndRefineOptions, verifyAndRefine } from "./loop.ts";
import type { PreparedVerification } from "./prepare.ts";
import { workingFiles } from "./working-files.ts";

/** After the change is applied: run the tests, refine on new failures, and say what was verified. */
export async function verifyChange(opts: {
  plan: RunPlan;
  prepared: PreparedVerification;
  root: string;
  logger: Logger;
  refine: (failures: string, implicated: string[]) => Promise<void>;
  relevance?: VerifyAndRefineOptions["relevance"];
  reproduction?: VerifyAndRefineOptions["reproduction"] | null;
  onRound?: VerifyAndRefineOptions["onRound"];
}): Promise<Verification> {
  const { plan, prepared } = opts;
  if (prepared.cannotRun) {
    const command = testCommandFor(plan.repoConfig, plan.detected);
    return {
      verified: false,
      command,
      sandboxed: prepared.sandbox?.kind === "bwrap",
      rounds: [],
      cannotRun: prepared.cannotRun,
      note: `nothing was verified: the tests cannot run (${prepared.cannotRun}); verification is optional for this run`,
    };
  }
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
    relevance: opts.relevance,
    reproduction: opts.reproduction ?? undefined,
    onRound: opts.onRound,
    ...(plan.self ? { extraChecks: plan.self.checks } : {}),
  });
}
