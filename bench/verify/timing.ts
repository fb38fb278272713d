/**
 * What the sandbox costs: the same test suites run in bubblewrap and unsandboxed (mode none), medians
 * over a few repetitions, each in its own scratch copy as the verify stage makes it.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Config } from "../../src/config/index.ts";
import { silentLogger } from "../../src/log/logger.ts";
import { createSandbox, createScratch, type Sandbox } from "../../src/sandbox/index.ts";
import type { Lang } from "./langs/lang.ts";
import { git, makeRepo } from "./run.ts";
import { fixedRepoFiles } from "./scenarios.ts";

export interface SandboxTiming {
  family: string;
  command: string;
  /** Median wall time of one test run, ms; null with the reason when it cannot run in that mode. */
  bwrapMs: number | null;
  noneMs: number | null;
  problem?: string;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

async function sandboxOf(mode: "bwrap" | "none", config: Config): Promise<Sandbox> {
  return createSandbox({
    mode,
    logger: silentLogger(),
    limits: config.sandbox.limits,
    toolchain: config.sandbox.toolchain,
  });
}

type Timed = number[] | string;

/**
 * One warm-up run per mode (a build, a bytecode cache), then `reps` timed runs, the two modes taking
 * turns so that the machine's load drifts over both alike. A mode whose run fails gives its reason.
 */
async function timeRuns(modes: Sandbox[], repo: string, command: string, reps: number): Promise<Timed[]> {
  const files = git(repo, "ls-files").split("\n").filter(Boolean);
  const scratches = await Promise.all(modes.map((s) => createScratch({ source: repo, files, uid: s.uid })));
  try {
    const results: Timed[] = modes.map(() => []);
    for (let i = 0; i <= reps; i += 1) {
      for (const [m, sandbox] of modes.entries()) {
        const done = results[m];
        if (typeof done === "string" || done === undefined) continue;
        const started = performance.now();
        const root = scratches[m]?.dir ?? "";
        const r = await sandbox.run({ root, command, timeoutMs: 300_000, network: false });
        const ms = performance.now() - started;
        if (r.exitCode !== 0)
          results[m] = (r.notes?.[0] ?? r.output.trim().split("\n").at(-1) ?? `exit ${r.exitCode}`).trim();
        else if (i > 0) done.push(ms);
      }
    }
    return results;
  } finally {
    await Promise.all(scratches.map((s) => s.dispose()));
  }
}

/**
 * The command with its program spelled as the system path the sandbox runs, so that both modes run the
 * same binary: unsandboxed, booty's PATH may find another one (a pyenv shim the sandbox cannot mount).
 */
async function samePrograms(bwrap: Sandbox, repo: string, command: string): Promise<string> {
  const [program = "", ...rest] = command.split(" ");
  const scratch = await createScratch({ source: repo, files: [], uid: bwrap.uid });
  try {
    const r = await bwrap.run({
      root: scratch.dir,
      command: `command -v ${program}`,
      timeoutMs: 30_000,
      network: false,
    });
    const path = r.output.trim();
    // Only a system path is visible in the sandbox by itself; a toolchain is mounted when found by name.
    const visible = /^\/(usr\/)?s?bin\//.test(path) && existsSync(path);
    return r.exitCode === 0 && visible ? [path, ...rest].join(" ") : command;
  } finally {
    await scratch.dispose();
  }
}

export async function compareSandbox(langs: readonly Lang[], config: Config, reps: number): Promise<SandboxTiming[]> {
  const [bwrap, none] = [await sandboxOf("bwrap", config), await sandboxOf("none", config)];
  const rows: SandboxTiming[] = [];
  for (const lang of langs) {
    const dir = mkdtempSync(join(tmpdir(), "booty-bench-timing-"));
    try {
      const repo = makeRepo(join(dir, "repo"), fixedRepoFiles(lang));
      const command = await samePrograms(bwrap, repo, lang.testCommand);
      const [sandboxed = "not run", plain = "not run"] = await timeRuns([bwrap, none], repo, command, reps);
      const problems = [sandboxed, plain].filter((r) => typeof r === "string");
      rows.push({
        family: lang.family,
        command,
        bwrapMs: typeof sandboxed === "string" ? null : median(sandboxed),
        noneMs: typeof plain === "string" ? null : median(plain),
        ...(problems.length > 0 ? { problem: problems.join("; ") } : {}),
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return rows;
}

export function formatSandboxTimings(rows: readonly SandboxTiming[], reps: number): string {
  const lines = [
    `sandboxed vs unsandboxed test runs (median of ${reps}, after one warm-up, the modes taking turns; goal ≤ 1.3×)`,
  ];
  for (const r of rows) {
    const ratio = r.bwrapMs !== null && r.noneMs !== null ? `${(r.bwrapMs / r.noneMs).toFixed(2)}×` : "n/a";
    const ms = (v: number | null) => (v === null ? "—" : `${Math.round(v)} ms`);
    const why = r.problem ? `  (${r.problem})` : "";
    lines.push(
      `  ${r.family.padEnd(22)} bwrap ${ms(r.bwrapMs).padStart(8)}  none ${ms(r.noneMs).padStart(8)}  ${ratio}  \`${r.command}\`${why}`,
    );
  }
  return lines.join("\n");
}
