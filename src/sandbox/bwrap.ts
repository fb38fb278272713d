import { readFileSync } from "node:fs";
import { stat, statfs } from "node:fs/promises";
import { dirname } from "node:path";
import { SandboxError } from "../errors/index.ts";
import { bwrapArgv, type HostLayout } from "./argv.ts";
import { gitMaskFor } from "./host.ts";
import { attachNetwork, type NetworkTools } from "./network.ts";
import { SANDBOX_PATH, type Sandbox, type SandboxLimits, type SandboxResult, type SandboxRunOptions } from "./port.ts";
import { runProcess } from "./spawn.ts";
import type { ToolchainSettings } from "./toolchain/index.ts";
import { toolchainForRun } from "./toolchain/index.ts";

export interface BwrapSettings {
  limits: SandboxLimits;
  uid: number | null;
  host: HostLayout;
  maxOutputBytes: number;
  signal: AbortSignal | undefined;
  /** How setup_command's network is made, or why a run with network is refused. */
  network: NetworkTools | string;
  toolchain: ToolchainSettings | undefined;
  readOnly: readonly string[];
}

export function bwrapSandbox(s: BwrapSettings): Sandbox {
  return {
    kind: "bwrap",
    uid: s.uid,
    limits: s.limits,
    async run(o: SandboxRunOptions): Promise<SandboxResult> {
      const git = await gitMaskFor(o.root);
      if (git === null)
        throw new SandboxError("workspace .git is a symlink or special file; refusing", { where: o.root });
      const tools = s.network;
      if (o.network && typeof tools === "string") throw new SandboxError(tools, { where: "slirp4netns" });
      const tc = await toolchainForRun({
        command: o.command,
        root: o.root,
        workspace: "/workspace",
        settings: s.toolchain,
        readOnly: s.readOnly,
        uid: s.uid,
      });
      const argv = bwrapArgv({
        workspace: o.root,
        command: o.command,
        network: o.network,
        env: o.env ?? {},
        limits: s.limits,
        uid: s.uid,
        git,
        host: s.host,
        mounts: tc.mounts,
        path: tc.path,
      });
      // bwrap itself gets an empty environment too: nothing of booty's can leak through it.
      const result = await runProcess(argv, {
        cwd: "/",
        env: { PATH: SANDBOX_PATH },
        timeoutMs: o.timeoutMs,
        maxOutputBytes: s.maxOutputBytes,
        beforeKill: killNamespaceInit,
        signal: s.signal,
        ...(o.network && typeof tools !== "string"
          ? { extraPipes: 3, onStart: (child) => attachNetwork(child, tools) }
          : {}),
      });
      const full = await fullWorkspace(o.root);
      const done = full ? { ...result, output: `${result.output}\n[booty: ${full}]\n` } : result;
      return withNotes(done, tc.notes);
    },
  };
}

/** Toolchain notes travel with the result: "No module named pytest" is explained by what was not mounted. */
export function withNotes(result: SandboxResult, notes: readonly string[]): SandboxResult {
  return notes.length > 0 ? { ...result, notes: [...notes] } : result;
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

/**
 * A scratch copy on its own size-limited mount that the run filled: said in the run's output, so that the
 * failure's reason is plain rather than a scatter of ENOSPC errors.
 */
async function fullWorkspace(root: string): Promise<string | null> {
  const [fs, here, above] = await Promise.all([statfs(root), stat(root), stat(dirname(root))]).catch(() => []);
  if (!fs || !here || !above || here.dev === above.dev || fs.bavail > 0 || fs.blocks === 0) return null;
  const mb = Math.round((fs.blocks * fs.bsize) / 1024 ** 2);
  return `the workspace is full: its limit is ${mb} MB (BOOTY_SANDBOX_WORKSPACE_MB)`;
}
