import { PreflightError } from "../../errors/index.ts";
import type { Logger } from "../../log/logger.ts";
import { detectMissingDependencies } from "../../sandbox/index.ts";
import type { PipelinePorts } from "../deps.ts";
import type { RunPlan } from "../plan/plan.ts";
import { type PreparedVerification, prepareVerification, testCommandFor } from "../verify/index.ts";
import { type BaseState, classifyBaseRun } from "./classify.ts";

export interface Preflight {
  prepared: PreparedVerification;
  command: string | null;
  state: BaseState | "no-command";
  /** Why the tests cannot run, when they cannot. */
  reason?: string;
  /** Dependencies declared but not installed, and the setup command that would install them. */
  dependencies?: string;
  /** What went wrong around the run (a failed setup_command, a toolchain the sandbox could not mount). */
  notes?: string[];
}

/**
 * The repository's tests at the base commit, in the sandbox, before any model call: booty learns whether
 * it can verify anything at all before it spends a token, and which tests already fail.
 */
export async function runPreflight(opts: {
  createSandbox: PipelinePorts["createSandbox"];
  plan: RunPlan;
  root: string;
  logger: Logger;
  signal?: AbortSignal | undefined;
}): Promise<Preflight> {
  const command = testCommandFor(opts.plan.repoConfig, opts.plan.detected);
  const prepared = await prepareVerification(opts);
  if (prepared.refusal) return { prepared, command, state: "cannot-run", reason: prepared.refusal };
  const run = prepared.baseline?.run;
  if (!command || !run) return { prepared, command, state: "no-command" };
  const files = prepared.baseline?.files ?? [];
  const { state, reason } = classifyBaseRun(run, files);
  const notes = [...(prepared.baseline?.notes ?? []), ...(run.notes ?? [])];
  const missing = opts.plan.repoConfig?.setupCommand ? null : await detectMissingDependencies(opts.root, files);
  opts.logger.info(
    { command, state, reason, dependencies: missing?.note },
    `preflight: the tests at the base ${describe(state)}${missing ? `; ${missing.note}` : ""}`,
  );
  return {
    prepared,
    command,
    state,
    ...(reason ? { reason } : {}),
    ...(missing ? { dependencies: missing.note } : {}),
    ...(notes.length > 0 ? { notes } : {}),
  };
}

/**
 * Tests that cannot run stop the run here, before the first model call, unless verification is
 * optional (`verify: optional`, `--no-verify`): then the run goes on and says plainly it verified nothing.
 */
export async function enforcePreflight(preflight: Preflight, mode: "required" | "optional"): Promise<void> {
  if (preflight.state !== "cannot-run") return;
  const notes = preflight.notes?.length ? ` (${preflight.notes.join("; ")})` : "";
  const reason = `${preflight.reason ?? "unknown reason"}${notes}`;
  if (mode === "optional") {
    await preflight.prepared.baseline?.workspace.dispose();
    preflight.prepared.baseline = null;
    preflight.prepared.cannotRun = reason;
    return;
  }
  await preflight.prepared.baseline?.workspace.dispose();
  const what = preflight.command ? `\`${preflight.command}\`` : "the tests";
  const fix = preflight.dependencies ?? "make it run (test_command / setup_command in .booty.yml, see `booty doctor`)";
  throw new PreflightError(
    `${what} cannot run in the sandbox: ${reason}; ${fix}, or set verify: optional in .booty.yml ` +
      "(or pass --no-verify) to go on unverified",
    { where: "preflight" },
  );
}

function describe(state: Preflight["state"]): string {
  if (state === "passes") return "pass";
  if (state === "failures") return "fail (some tests or the command)";
  return state === "cannot-run" ? "cannot run" : "were not run (no test command)";
}
