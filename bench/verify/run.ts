/** Runs one scenario: the whole pipeline on a temp git repository, the script model, the real sandbox. */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { stringify } from "yaml";
import { loadConfig } from "../../src/config/index.ts";
import { silentLogger } from "../../src/log/logger.ts";
import { createModel } from "../../src/model/factory.ts";
import type { Model, StructuredRequest, TextRequest } from "../../src/model/port.ts";
import { IssueAnalysis } from "../../src/model/schemas/index.ts";
import { loadScript } from "../../src/model/script/load.ts";
import { pipelineDeps, runPipeline } from "../../src/pipeline/run.ts";
import type { RunReport } from "../../src/pipeline/types.ts";
import type { Scenario } from "./scenarios.ts";

/** verified / unverified: the run's verdict; stopped: the preflight stopped it; failed: another error. */
export type Verdict = "verified" | "unverified" | "stopped" | "failed";

export interface Outcome {
  scenario: Scenario;
  verdict: Verdict;
  /** Model calls the run made (counted at the model port). */
  calls: number;
  rounds: boolean[];
  /** The error, or the verification note. */
  detail: string;
  report: RunReport;
}

export interface RunSettings {
  /** booty's environment (PATH, HOME, toolchain variables): how the sandbox finds test programs. */
  env: Record<string, string | undefined>;
  sandbox: "bwrap" | "none";
  /** Whether main has the reproduce step; without it, scenarios run with no reproduction test. */
  reproduceStep: boolean;
}

export function git(cwd: string, ...args: string[]): string {
  return execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
}

/** A git repository holding `files` in one commit on main. */
export function makeRepo(dir: string, files: Record<string, string>): string {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  git(dir, "init", "-q", "-b", "main");
  git(dir, "-c", "user.name=bench", "-c", "user.email=bench@example.com", "add", "-A");
  git(dir, "-c", "user.name=bench", "-c", "user.email=bench@example.com", "commit", "-qm", "initial");
  return dir;
}

/** A model that counts the requests made to it (by step: a schema retry inside one is not counted). */
export function counting(model: Model): { model: Model; calls: () => number } {
  let calls = 0;
  const counted: Model = {
    ...model,
    generate<T>(request: StructuredRequest<T>) {
      calls += 1;
      return model.generate(request);
    },
    generateText<T>(request: TextRequest<T>) {
      calls += 1;
      return model.generateText(request);
    },
  };
  return { model: counted, calls: () => calls };
}

/** True once main's script model answers `reproduce:` and IssueAnalysis has `kind`. */
export function hasReproduceStep(): boolean {
  const dir = mkdtempSync(join(tmpdir(), "booty-bench-probe-"));
  try {
    const path = join(dir, "script.yml");
    writeFileSync(path, stringify({ reproduce: { path: "t.py", content: "", explanation: "x" } }));
    loadScript(path);
    const probe = { summary: "x", commitType: "fix", taskDescription: "x", kind: "bug" };
    return IssueAnalysis.safeParse(probe).success;
  } catch {
    return false;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The script as the model on main can read it: without the reproduce step, no `kind` and no `reproduce`. */
function scriptFor(s: Scenario, reproduceStep: boolean): Record<string, unknown> {
  if (reproduceStep) return s.script;
  const { reproduce: _r, ...rest } = s.script;
  const analyze = rest.analyze as Record<string, unknown> | undefined;
  if (!analyze) return rest;
  const { kind: _k, ...plain } = analyze;
  return { ...rest, analyze: plain };
}

export async function runScenario(s: Scenario, settings: RunSettings): Promise<Outcome> {
  const dir = mkdtempSync(join(tmpdir(), "booty-bench-verify-"));
  try {
    const repo = makeRepo(join(dir, "repo"), s.files);
    const scriptPath = join(dir, "script.yml");
    writeFileSync(scriptPath, stringify(scriptFor(s, settings.reproduceStep)));
    const env = { ...settings.env, BOOTY_SANDBOX: settings.sandbox };
    const config = loadConfig(env, { model: `script:${scriptPath}`, dataDir: join(dir, "data") });
    const logger = silentLogger();
    const { model, calls } = counting(createModel(config.model, { logger }));
    const report = await runPipeline(pipelineDeps(config, { model, logger }), {
      source: repo,
      issue: { number: 7, ...s.issue },
      runId: "bench",
    });
    const rounds = (report.verification?.rounds ?? []).map((r) => r.passed);
    return { scenario: s, verdict: verdictOf(report), calls: calls(), rounds, detail: detailOf(report), report };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function verdictOf(report: RunReport): Verdict {
  if (report.status === "failed") return report.error?.code === "preflight" ? "stopped" : "failed";
  return report.verified ? "verified" : "unverified";
}

function detailOf(report: RunReport): string {
  if (report.error) return report.error.message;
  return report.verification?.note ?? "";
}
