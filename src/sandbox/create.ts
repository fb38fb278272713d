import { access, constants } from "node:fs/promises";
import { delimiter, join } from "node:path";
import { SandboxError } from "../errors/index.ts";
import type { Logger } from "../log/logger.ts";
import { prlimitArgv } from "./argv.ts";
import { bwrapSandbox, withNotes } from "./bwrap.ts";
import { inspectHost } from "./host.ts";
import { NETWORK_HINT, NETWORK_NEEDS_ROOT, type NetworkTools } from "./network.ts";
import {
  DEFAULT_LIMITS,
  SANDBOX_PATH,
  type Sandbox,
  type SandboxLimits,
  type SandboxResult,
  type SandboxRunOptions,
} from "./port.ts";
import type { SetupCacheSettings } from "./setup/cache.ts";
import { runProcess } from "./spawn.ts";
import type { ToolchainSettings } from "./toolchain/index.ts";
import { toolchainForRun } from "./toolchain/index.ts";

export interface CreateSandboxOptions {
  mode: "bwrap" | "none";
  logger: Logger;
  limits?: Partial<SandboxLimits>;
  /** uid (and gid) for repository code when booty runs as root; default 65534 (nobody). */
  uid?: number;
  /** Directories to expose read-only (e.g. /opt toolchains). */
  extraReadOnly?: string[];
  /** Where to look for bwrap, prlimit, setpriv; the PATH booty itself was given. */
  searchPath?: string;
  maxOutputBytes?: number;
  /** The job's: once aborted (a shutdown), a command running in the sandbox is killed. */
  signal?: AbortSignal | undefined;
  /** How booty finds programs (its PATH, home, version managers): each command's toolchain is mounted. */
  toolchain?: ToolchainSettings | undefined;
  /** More directories to show read-only, from the repository's `.booty.yml` (checked before mounting). */
  readOnly?: readonly string[] | undefined;
  /** Where setup results are cached (`<dataDir>/setup-cache`) and the cap; no caching without it. */
  setupCache?: SetupCacheSettings | undefined;
}

const INSTALL_HINT = "install bubblewrap (Debian/Ubuntu: apt-get install bubblewrap) or set BOOTY_SANDBOX=none";
export const MAX_OUTPUT_BYTES = 1024 * 1024;

async function findTool(name: string, searchPath: string): Promise<string | null> {
  for (const dir of searchPath.split(delimiter).filter(Boolean)) {
    const candidate = join(dir, name);
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {
      // keep looking
    }
  }
  return null;
}

/**
 * Makes the runner for repository code. `bwrap` is checked by running `true` inside a real sandbox, so
 * a machine where user namespaces are disabled fails here, before any job starts, with what to do.
 */
export async function createSandbox(opts: CreateSandboxOptions): Promise<Sandbox> {
  const limits = { ...DEFAULT_LIMITS, ...opts.limits };
  const maxOutputBytes = opts.maxOutputBytes ?? MAX_OUTPUT_BYTES;
  const searchPath = opts.searchPath ?? SANDBOX_PATH;
  if (opts.mode === "none") {
    opts.logger.warn("BOOTY_SANDBOX=none: repository code runs unsandboxed, as booty's own user");
    return withCache(noneSandbox(limits, maxOutputBytes, opts.signal, opts.toolchain), opts);
  }
  const tools = ["bwrap", "prlimit", "setpriv"];
  for (const tool of tools) {
    if ((await findTool(tool, searchPath)) === null) {
      throw new SandboxError(`${tool} not found on PATH: ${INSTALL_HINT}`, { where: tool });
    }
  }
  const uid = process.getuid?.() === 0 ? (opts.uid ?? 65534) : null;
  const host = await inspectHost(opts.extraReadOnly ?? []);
  const network = uid === null ? NETWORK_NEEDS_ROOT : ((await findNetworkTools(searchPath)) ?? NETWORK_HINT);
  const sandbox = bwrapSandbox({
    limits,
    uid,
    host,
    maxOutputBytes,
    signal: opts.signal,
    network,
    toolchain: opts.toolchain,
    readOnly: opts.readOnly ?? [],
  });
  const probe = await probeRun(sandbox);
  if (probe.exitCode !== 0) {
    const detail = probe.output.trim().split("\n").slice(-2).join(" ");
    throw new SandboxError(`bubblewrap cannot create a sandbox here (${detail}): ${INSTALL_HINT}`, { where: "bwrap" });
  }
  opts.logger.debug({ uid, limits }, "sandbox: bubblewrap ready");
  return withCache(sandbox, opts);
}

function withCache(sandbox: Sandbox, opts: Pick<CreateSandboxOptions, "setupCache" | "toolchain">): Sandbox {
  const { setupCache, toolchain } = opts;
  return setupCache && setupCache.maxBytes > 0 ? { ...sandbox, setupCache, toolchain } : sandbox;
}

/** What setup_command's own network needs; null when something is missing (network is then refused). */
async function findNetworkTools(searchPath: string): Promise<NetworkTools | null> {
  const [slirp4netns, nsenter, ip] = await Promise.all(
    ["slirp4netns", "nsenter", "ip"].map((tool) => findTool(tool, searchPath)),
  );
  if (!slirp4netns || !nsenter || !ip) return null;
  return { slirp4netns, nsenter, ip };
}

async function probeRun(sandbox: Sandbox): Promise<SandboxResult> {
  const { mkdtemp, rm, chown } = await import("node:fs/promises");
  const { tmpdir } = await import("node:os");
  const dir = await mkdtemp(join(tmpdir(), "booty-probe-"));
  try {
    if (sandbox.uid !== null) await chown(dir, sandbox.uid, sandbox.uid);
    return await sandbox.run({ root: dir, command: "true", timeoutMs: 15_000, network: false });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Runs in place, as booty's own user, with a clean environment and limits; nothing more. */
function noneSandbox(
  limits: SandboxLimits,
  maxOutputBytes: number,
  signal: AbortSignal | undefined,
  toolchain: ToolchainSettings | undefined,
): Sandbox {
  return {
    kind: "none",
    uid: null,
    limits,
    async run(o: SandboxRunOptions): Promise<SandboxResult> {
      const tc = await toolchainForRun({
        command: o.command,
        root: o.root,
        workspace: o.root,
        settings: toolchain,
        readOnly: [],
        uid: null,
      });
      const env = { PATH: tc.path, HOME: o.root, TMPDIR: "/tmp", LANG: "C.UTF-8", CI: "true", ...o.env };
      const argv = [...prlimitArgv(limits), "/bin/sh", "-c", o.command];
      const result = await runProcess(argv, { cwd: o.root, env, timeoutMs: o.timeoutMs, maxOutputBytes, signal });
      return withNotes(result, tc.notes);
    },
  };
}
