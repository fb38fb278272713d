import { readFileSync } from "node:fs";
import { access, constants } from "node:fs/promises";
import { delimiter, join } from "node:path";
import { SandboxError } from "../errors/index.ts";
import type { Logger } from "../log/logger.ts";
import { bwrapArgv, type HostLayout, prlimitArgv } from "./argv.ts";
import { gitMaskFor, inspectHost } from "./host.ts";
import { runProcess } from "./spawn.ts";
import {
  DEFAULT_LIMITS,
  SANDBOX_PATH,
  type Sandbox,
  type SandboxLimits,
  type SandboxResult,
  type SandboxRunOptions,
} from "./types.ts";

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
    return noneSandbox(limits, maxOutputBytes, opts.signal);
  }
  const tools = ["bwrap", "prlimit", "setpriv"];
  for (const tool of tools) {
    if ((await findTool(tool, searchPath)) === null) {
      throw new SandboxError(`${tool} not found on PATH: ${INSTALL_HINT}`, { where: tool });
    }
  }
  const uid = process.getuid?.() === 0 ? (opts.uid ?? 65534) : null;
  const host = await inspectHost(opts.extraReadOnly ?? []);
  const sandbox = bwrapSandbox({ limits, uid, host, maxOutputBytes, signal: opts.signal });
  const probe = await probeRun(sandbox);
  if (probe.exitCode !== 0) {
    const detail = probe.output.trim().split("\n").slice(-2).join(" ");
    throw new SandboxError(`bubblewrap cannot create a sandbox here (${detail}): ${INSTALL_HINT}`, { where: "bwrap" });
  }
  opts.logger.debug({ uid, limits }, "sandbox: bubblewrap ready");
  return sandbox;
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

interface BwrapSettings {
  limits: SandboxLimits;
  uid: number | null;
  host: HostLayout;
  maxOutputBytes: number;
  signal: AbortSignal | undefined;
}

function bwrapSandbox(s: BwrapSettings): Sandbox {
  return {
    kind: "bwrap",
    uid: s.uid,
    async run(o: SandboxRunOptions): Promise<SandboxResult> {
      const git = await gitMaskFor(o.root);
      if (git === null)
        throw new SandboxError("workspace .git is a symlink or special file; refusing", { where: o.root });
      const argv = bwrapArgv({
        workspace: o.root,
        command: o.command,
        network: o.network,
        env: o.env ?? {},
        limits: s.limits,
        uid: s.uid,
        git,
        host: s.host,
      });
      // bwrap itself gets an empty environment too: nothing of booty's can leak through it.
      return runProcess(argv, {
        cwd: "/",
        env: { PATH: SANDBOX_PATH },
        timeoutMs: o.timeoutMs,
        maxOutputBytes: s.maxOutputBytes,
        beforeKill: killNamespaceInit,
        signal: s.signal,
      });
    },
  };
}

/**
 * bwrap's child is the init of the sandbox's pid namespace: killing it takes every process in the
 * namespace with it (setsid or not), and bwrap then reaps it and exits, leaving no orphan to the host.
 */
function killNamespaceInit(pid: number): void {
  let children: string;
  try {
    children = readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8");
  } catch {
    return;
  }
  for (const child of children.trim().split(/\s+/).filter(Boolean)) {
    try {
      process.kill(Number(child), "SIGKILL");
    } catch {
      // already gone
    }
  }
}

/** Runs in place, as booty's own user, with a clean environment and limits; nothing more. */
function noneSandbox(limits: SandboxLimits, maxOutputBytes: number, signal: AbortSignal | undefined): Sandbox {
  return {
    kind: "none",
    uid: null,
    run(o: SandboxRunOptions): Promise<SandboxResult> {
      const env = { PATH: SANDBOX_PATH, HOME: o.root, TMPDIR: "/tmp", LANG: "C.UTF-8", CI: "true", ...o.env };
      const argv = [...prlimitArgv(limits), "/bin/sh", "-c", o.command];
      return runProcess(argv, { cwd: o.root, env, timeoutMs: o.timeoutMs, maxOutputBytes, signal });
    },
  };
}
