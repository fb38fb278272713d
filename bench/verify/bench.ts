/** The bench's plan and corpus run: which families run here and how, then every scenario in turn. */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Config } from "../../src/config/index.ts";
import { silentLogger } from "../../src/log/logger.ts";
import { createSandbox } from "../../src/sandbox/index.ts";
import type { Lang } from "./langs/lang.ts";
import { type Outcome, type RunSettings, runScenario } from "./run.ts";
import type { Scenario } from "./scenarios.ts";

export interface FamilyPlan {
  lang: Lang;
  /** bwrap: as booty runs by default; none: its program cannot run in the sandbox here (reason). */
  mode: "bwrap" | "none" | "skip";
  reason?: string;
}

/** Skips a family whose toolchain is absent, and runs unsandboxed one whose toolchain the sandbox cannot see. */
export async function planFamilies(langs: readonly Lang[], config: Config): Promise<FamilyPlan[]> {
  const sandbox = await createSandbox({
    mode: "bwrap",
    logger: silentLogger(),
    limits: config.sandbox.limits,
    toolchain: config.sandbox.toolchain,
  });
  const plans: FamilyPlan[] = [];
  for (const lang of langs) {
    const missing = await lang.unavailable();
    if (missing) {
      plans.push({ lang, mode: "skip", reason: missing });
      continue;
    }
    const dir = mkdtempSync(join(tmpdir(), "booty-bench-probe-"));
    try {
      if (sandbox.uid !== null) spawnSync("chown", [String(sandbox.uid), dir]);
      const r = await sandbox.run({ root: dir, command: lang.probe, timeoutMs: 60_000, network: false });
      if (r.exitCode === 0) plans.push({ lang, mode: "bwrap" });
      else {
        const why = r.notes?.[0] ?? r.output.trim().split("\n").at(-1) ?? `exit ${r.exitCode}`;
        plans.push({ lang, mode: "none", reason: `\`${lang.probe}\` cannot run in the sandbox here: ${why}` });
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return plans;
}

/** Whether npm can install a package with nothing but its cache (no network): null when it can. */
export function offlineInstallProblem(pkg: string): string | null {
  const dir = mkdtempSync(join(tmpdir(), "booty-bench-npm-"));
  try {
    const r = spawnSync(
      "npm",
      ["install", "--offline", "--no-save", "--no-audit", "--no-fund", "--ignore-scripts", "--prefix", dir, pkg],
      { encoding: "utf8", timeout: 120_000 },
    );
    if (r.status === 0) return null;
    const line = `${r.stderr}`.split("\n").find((l) => /ENOTCACHED|error/.test(l));
    return `\`npm install --offline ${pkg}\` fails: ${(line ?? `exit ${r.status}`).trim()}`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function runCorpus(
  scenarios: readonly { scenario: Scenario; sandbox: "bwrap" | "none" }[],
  settings: Omit<RunSettings, "sandbox">,
  progress?: (o: Outcome, ms: number) => void,
): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  for (const { scenario, sandbox } of scenarios) {
    const started = performance.now();
    const outcome = await runScenario(scenario, { ...settings, sandbox });
    outcomes.push(outcome);
    progress?.(outcome, performance.now() - started);
  }
  return outcomes;
}
