import { createHash } from "node:crypto";
import { lstat, readFile, realpath } from "node:fs/promises";
import { basename, resolve } from "node:path";
import type { Logger } from "../../log/logger.ts";
import { runGit } from "../../workspace/git.ts";
import type { Sandbox, SandboxResult } from "../port.ts";
import { resolveToolchain, type ToolchainSettings } from "../toolchain/index.ts";
import { restoreSetup, storeSetup } from "./cache.ts";
import { setupOutput } from "./tree.ts";

/** Files whose content decides what a setup installs, wherever they are in the repository. */
const MANIFESTS = new Set([
  "package.json",
  "package-lock.json",
  "npm-shrinkwrap.json",
  "pnpm-lock.yaml",
  "pnpm-workspace.yaml",
  "yarn.lock",
  ".yarnrc.yml",
  ".npmrc",
  "bun.lock",
  "bun.lockb",
  "requirements.txt",
  "pyproject.toml",
  "setup.py",
  "setup.cfg",
  "poetry.lock",
  "uv.lock",
  "Pipfile",
  "Pipfile.lock",
  "go.mod",
  "go.sum",
  "Cargo.toml",
  "Cargo.lock",
  "Gemfile",
  "Gemfile.lock",
]);

function isManifest(rel: string): boolean {
  const name = basename(rel);
  return (MANIFESTS.has(name) || /^requirements[\w.-]*\.txt$/.test(name)) && !rel.split("/").includes("node_modules");
}

/**
 * The cache key: the repository (its git directory, so two repositories never share an entry even with
 * identical lock files), the hashes of its dependency manifests, the setup command and the sandbox kind.
 * null when the repository cannot be identified: no caching then.
 */
export async function setupKey(opts: {
  source: string;
  files: readonly string[];
  command: string;
  kind: string;
  /** The real programs the setup runs on: another interpreter makes another environment. */
  programs?: readonly string[];
}): Promise<string | null> {
  let identity: string;
  try {
    const { stdout } = await runGit(["rev-parse", "--git-common-dir"], { cwd: opts.source });
    identity = await realpath(resolve(opts.source, stdout.trim()));
  } catch {
    return null;
  }
  const manifests: [string, string][] = [];
  for (const rel of opts.files.filter(isManifest).sort()) {
    const path = resolve(opts.source, rel);
    const info = await lstat(path).catch(() => null);
    if (!info?.isFile()) continue;
    manifests.push([
      rel,
      createHash("sha256")
        .update(await readFile(path))
        .digest("hex"),
    ]);
  }
  const programs = opts.programs ?? [];
  const key = JSON.stringify({ v: 1, identity, kind: opts.kind, command: opts.command, manifests, programs });
  return createHash("sha256").update(key).digest("hex");
}

/** The realpaths of the programs `command` resolves to (`/usr/bin/python3` → `/usr/bin/python3.11`). */
export async function programsFor(
  toolchain: ToolchainSettings | undefined,
  opts: { command: string; dir: string },
): Promise<string[]> {
  if (!toolchain) return [];
  const tc = await resolveToolchain(opts.command, { ...toolchain, root: opts.dir });
  const out: string[] = [];
  for (const p of tc.programs) {
    const real = p.binary ? await realpath(p.binary).catch(() => p.binary) : null;
    out.push(`${p.name}=${real ?? p.manager ?? "none"}`);
  }
  return out;
}

export interface SetupRun extends SandboxResult {
  /** True when the output of an earlier identical setup was restored instead of running it. */
  fromCache: boolean;
}

/**
 * Runs setup_command in the copy, or restores what the same setup left for an earlier job on the same
 * repository. A successful run's output is stored for the next job; caching problems only cost time.
 */
export async function runSetup(opts: {
  sandbox: Sandbox;
  /** The worktree the copy was made from (identity and manifests are read there). */
  source: string;
  dir: string;
  files: readonly string[];
  command: string;
  network: boolean;
  timeoutMs: number;
  logger: Logger;
}): Promise<SetupRun> {
  const { sandbox, logger } = opts;
  const cache = sandbox.setupCache;
  const started = performance.now();
  const key = cache
    ? await setupKey({ ...opts, kind: sandbox.kind, programs: await programsFor(sandbox.toolchain, opts) })
    : null;
  if (cache && key) {
    try {
      if (await restoreSetup(cache, key, opts.dir, sandbox.uid)) {
        const durationMs = Math.round(performance.now() - started);
        logger.info({ key: key.slice(0, 12), durationMs }, "setup: restored from the setup cache");
        return { exitCode: 0, timedOut: false, output: "", durationMs, fromCache: true };
      }
    } catch (error) {
      logger.warn({ err: error }, "setup: the cached setup could not be restored; running setup_command");
    }
  }
  const result = await sandbox.run({
    root: opts.dir,
    command: opts.command,
    timeoutMs: opts.timeoutMs,
    network: opts.network,
  });
  if (cache && key && result.exitCode === 0 && !result.timedOut) {
    try {
      const output = await setupOutput(opts.dir, opts.source, opts.files, cache.maxBytes);
      await storeSetup(cache, key, opts.dir, output, opts.command);
    } catch (error) {
      logger.warn({ err: error }, "setup: its output was not cached");
    }
  }
  return { ...result, fromCache: false };
}
