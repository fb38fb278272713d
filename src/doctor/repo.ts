import { join } from "node:path";
import type { Config } from "../config/index.ts";
import { describeError } from "../errors/index.ts";
import type { Logger } from "../log/logger.ts";
import type { Classified } from "../pipeline/preflight/classify.ts";
import type { TestRun } from "../pipeline/verify/index.ts";
import type { RepoConfig } from "../repo-config/index.ts";
import type { Toolchain } from "../sandbox/index.ts";
import { type Check, fail, pass } from "./check.ts";

export interface RepoCheckOptions {
  config: Config;
  root: string;
  timeoutMs: number;
  logger: Logger;
}

/** The repository's lines: its test command and why, the toolchain, dependencies, the setup cache, a real run. */
export async function repoChecks(opts: RepoCheckOptions): Promise<Check[]> {
  const [{ runGit }, { loadRepoConfig, detectTestCommand }] = await Promise.all([
    import("../workspace/git.ts"),
    import("../repo-config/index.ts"),
  ]);
  let files: string[];
  let repoConfig: RepoConfig | null;
  try {
    files = (await runGit(["ls-files", "-z"], { cwd: opts.root })).stdout.split("\0").filter(Boolean);
    repoConfig = await loadRepoConfig(opts.root);
  } catch (error) {
    return [fail("repository", `${opts.root}: ${describeError(error)}`)];
  }
  const detected = repoConfig?.testCommand ? null : detectTestCommand(opts.root, files);
  const command = repoConfig?.testCommand ?? detected?.command;
  if (!command) {
    return [fail("test command", "none found: add `test_command: …` to .booty.yml (nothing can be verified)")];
  }
  const why = repoConfig?.testCommand ? ".booty.yml test_command" : (detected?.reason ?? "");
  const checks = [pass("test command", `${command} (${why})`)];
  checks.push(...(await toolchainChecks(opts, command, repoConfig)));
  checks.push(...(await dependencyChecks(opts, files, repoConfig)));
  checks.push(await baseRunCheck(opts, files, command, repoConfig));
  return checks;
}

function settings(config: Config) {
  return { ...config.sandbox.toolchain, dataDir: config.dataDir };
}

async function toolchainChecks(opts: RepoCheckOptions, command: string, repoConfig: RepoConfig | null) {
  const { resolveToolchain } = await import("../sandbox/index.ts");
  const uid = opts.config.sandbox.mode === "bwrap" && process.getuid?.() === 0 ? 65534 : null;
  const tc = await resolveToolchain(command, {
    ...settings(opts.config),
    root: opts.root,
    readOnly: repoConfig?.sandboxReadOnly ?? [],
    uid,
  });
  return [pass("toolchain", describeToolchain(tc)), ...tc.notes.map((note) => fail("toolchain", note))];
}

export function describeToolchain(tc: Toolchain): string {
  const parts = tc.programs.map((p) => {
    if (p.manager === "project") return `${p.name} (the project's own)`;
    if (p.binary === null) return `${p.name} (not found)`;
    const via = p.manager ? ` via ${p.manager}` : "";
    const where = p.prefix === null ? ", not mounted" : tc.mounts.includes(p.prefix) ? `, mounted ${p.prefix}` : "";
    return `${p.name} → ${p.binary}${via}${where}`;
  });
  return parts.join("; ") || "no program to resolve";
}

async function dependencyChecks(opts: RepoCheckOptions, files: string[], repoConfig: RepoConfig | null) {
  const { detectMissingDependencies, listSetupCache, programsFor, setupKey } = await import("../sandbox/index.ts");
  const checks: Check[] = [];
  const setup = repoConfig?.setupCommand;
  const missing = await detectMissingDependencies(opts.root, files);
  if (missing && !setup) checks.push(fail("dependencies", missing.note));
  else if (setup) checks.push(pass("dependencies", `installed by setup_command: ${setup}`));
  else checks.push(pass("dependencies", "none declared without an environment"));
  const cache = { dir: join(opts.config.dataDir, "setup-cache"), maxBytes: opts.config.sandbox.setupCacheBytes };
  if (cache.maxBytes === 0) return [...checks, pass("setup cache", "off (BOOTY_SETUP_CACHE_MB=0)")];
  const entries = await listSetupCache(cache);
  const mb = (n: number) => `${Math.round(n / 1024 ** 2)} MB`;
  const used = entries.reduce((sum, e) => sum + e.bytes, 0);
  let mine = "";
  if (setup) {
    const programs = await programsFor(settings(opts.config), { command: setup, dir: opts.root });
    const kind = opts.config.sandbox.mode;
    const key = await setupKey({ source: opts.root, files, command: setup, kind, programs });
    mine = entries.some((e) => e.key === key)
      ? "; this repository's setup is cached"
      : "; this repository's setup is not cached yet";
  }
  checks.push(pass("setup cache", `${entries.length} entries, ${mb(used)} of ${mb(cache.maxBytes)}${mine}`));
  return checks;
}

/** Runs the test command once at the repository's current state, in a scratch copy in the sandbox. */
async function baseRunCheck(opts: RepoCheckOptions, files: string[], command: string, repoConfig: RepoConfig | null) {
  const [{ createSandbox, createScratch, runSetup }, { runTests }, { classifyBaseRun }] = await Promise.all([
    import("../sandbox/index.ts"),
    import("../pipeline/verify/index.ts"),
    import("../pipeline/preflight/classify.ts"),
  ]);
  const { config, logger } = opts;
  let scratch: Awaited<ReturnType<typeof createScratch>> | null = null;
  try {
    const sandbox = await createSandbox({
      mode: config.sandbox.mode,
      logger,
      limits: config.sandbox.limits,
      toolchain: settings(config),
      readOnly: repoConfig?.sandboxReadOnly,
      setupCache: { dir: join(config.dataDir, "setup-cache"), maxBytes: config.sandbox.setupCacheBytes },
    });
    scratch = await createScratch({ source: opts.root, files, uid: sandbox.uid });
    const setup = repoConfig?.setupCommand;
    if (setup) {
      const network = repoConfig?.networkForSetup ?? true;
      const base = { sandbox, source: opts.root, dir: scratch.dir, files, command: setup, logger };
      const r = await runSetup({ ...base, network, timeoutMs: opts.timeoutMs });
      if (r.exitCode !== 0)
        return fail(
          "tests at the base",
          `setup_command failed (exit ${r.exitCode ?? "signal"}): ${lastLine(r.output)}`,
        );
    }
    const run = await runTests(sandbox, scratch.dir, command, opts.timeoutMs, files);
    return describeBaseRun(run, classifyBaseRun(run, files), opts.timeoutMs);
  } catch (error) {
    return fail("tests at the base", describeError(error));
  } finally {
    await scratch?.dispose();
  }
}

/** The preflight's own verdict on the run, as one line; the toolchain notes explain a program not found. */
function describeBaseRun(run: TestRun, verdict: Classified, timeoutMs: number): Check {
  const name = "tests at the base";
  if (verdict.state === "passes") return pass(name, `pass in the sandbox (${run.durationMs} ms)`);
  if (run.timedOut) return fail(name, `did not finish in ${timeoutMs / 1000} s: raise --timeout, or check for a hang`);
  if (verdict.state === "cannot-run") return fail(name, `cannot run in the sandbox: ${verdict.reason ?? ""}`);
  const names = run.failures.map((f) => f.id).filter((id) => !id.startsWith("("));
  if (names.length === 0)
    return pass(name, `run in the sandbox and fail as a whole (exit ${run.exitCode ?? "signal"})`);
  const more = names.length > 5 ? ` and ${names.length - 5} more` : "";
  return pass(name, `run in the sandbox, ${names.length} failing: ${names.slice(0, 5).join(", ")}${more}`);
}

function lastLine(text: string): string {
  return text.trim().split("\n").at(-1) ?? "";
}
