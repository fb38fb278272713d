import type { SetupCacheSettings } from "./setup/cache.ts";
import type { ToolchainSettings } from "./toolchain/index.ts";

export type SandboxKind = "bwrap" | "none";

export interface SandboxRunOptions {
  /** Directory mounted (bwrap) or used (none) as the working directory; its `.git` is never writable. */
  root: string;
  /** Shell command line, run with `/bin/sh -c`. */
  command: string;
  timeoutMs: number;
  /** Allow network access (setup steps only); tests never get it. */
  network: boolean;
  /** Extra variables for the command; nothing else from booty's own environment is passed. */
  env?: Record<string, string>;
}

export interface SandboxResult {
  exitCode: number | null;
  timedOut: boolean;
  /** stdout and stderr interleaved, capped; when capped, the tail is kept. */
  output: string;
  durationMs: number;
  /** Why the run was stopped early (timeout, a signal), if it was. */
  killedReason?: string;
  /** What the sandbox could not provide for this command (a toolchain refused or unreachable). */
  notes?: string[];
}

export interface Sandbox {
  readonly kind: SandboxKind;
  /** The uid repository code runs as; a workspace must be writable by it. null: booty's own uid. */
  readonly uid: number | null;
  readonly limits: SandboxLimits;
  /** Where setup_command results are kept for the next job on the same repository; none when absent. */
  readonly setupCache?: SetupCacheSettings | undefined;
  /** How programs are resolved for this sandbox's commands (also part of the setup cache's key). */
  readonly toolchain?: ToolchainSettings | undefined;
  run(opts: SandboxRunOptions): Promise<SandboxResult>;
}

/** Resource limits applied with prlimit; they bite because the command runs as an unprivileged uid. */
export interface SandboxLimits {
  processes: number;
  /** RLIMIT_DATA, bytes: heap and writable mappings. RLIMIT_AS would break V8 and wasm reservations. */
  memoryBytes: number;
  fileSizeBytes: number;
  openFiles: number;
  /** Sizes of the sandbox's private /tmp, $HOME and /dev/shm (tmpfs, counted as memory). */
  tmpBytes: number;
  homeBytes: number;
  shmBytes: number;
  /** Size of the scratch copy tests run in, when booty can mount it (root): its own tmpfs. */
  workspaceBytes: number;
}

export const DEFAULT_LIMITS: SandboxLimits = {
  processes: 256,
  memoryBytes: 4 * 1024 ** 3,
  fileSizeBytes: 1024 ** 3,
  openFiles: 1024,
  tmpBytes: 512 * 1024 ** 2,
  homeBytes: 512 * 1024 ** 2,
  shmBytes: 64 * 1024 ** 2,
  workspaceBytes: 4 * 1024 ** 3,
};

export const SANDBOX_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
