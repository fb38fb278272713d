import { spawn } from "node:child_process";
import { TailBuffer } from "./output.ts";
import type { SandboxResult } from "./types.ts";

export interface ProcessOptions {
  cwd: string;
  env: Record<string, string>;
  timeoutMs: number;
  maxOutputBytes: number;
  /** Clock for durations; injected so tests can pin it. */
  now?: () => number;
  /** On timeout, called with the main pid instead of killing the group at once (bwrap: kill the sandbox's init). */
  beforeKill?: (pid: number) => void;
  /** Stops the run as a timeout does, when the job is stopped (a shutdown). */
  signal?: AbortSignal | undefined;
}

/** After the main process exits, how long to wait for pipes held by leftover children before closing them. */
const DRAIN_MS = 500;
const GRACE_MS = 1000;
const STOPPED = "stopped: booty is shutting down";

/**
 * Runs argv in its own process group, without a shell, capturing combined output. On timeout the whole
 * group gets SIGKILL; processes that escaped the group (setsid) are the sandbox's job to contain.
 */
export function runProcess(argv: readonly string[], opts: ProcessOptions): Promise<SandboxResult> {
  const now = opts.now ?? Date.now;
  const started = now();
  const [file, ...args] = argv;
  if (file === undefined) throw new TypeError("runProcess: empty argv");
  const output = new TailBuffer(opts.maxOutputBytes);
  if (opts.signal?.aborted) {
    return Promise.resolve({ exitCode: null, timedOut: false, output: "", durationMs: 0, killedReason: STOPPED });
  }
  return new Promise((resolve) => {
    const child = spawn(file, args, {
      cwd: opts.cwd,
      env: opts.env,
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    let killedReason: string | undefined;
    let timedOut = false;
    let settled = false;
    const killGroup = () => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
      } catch {
        // the group is already gone
      }
    };
    const stop = (reason: string, timeout: boolean) => {
      if (settled || killedReason) return;
      killedReason = reason;
      timedOut = timeout;
      if (opts.beforeKill && child.pid !== undefined) {
        // Let the main process reap what beforeKill killed; the group goes too if it does not exit soon.
        opts.beforeKill(child.pid);
        setTimeout(killGroup, GRACE_MS).unref();
      } else {
        killGroup();
      }
    };
    const timer = setTimeout(
      () => stop(`timed out after ${opts.timeoutMs} ms; all its processes killed`, true),
      opts.timeoutMs,
    );
    const onAbort = () => stop(`${STOPPED}; all its processes killed`, false);
    opts.signal?.addEventListener("abort", onAbort, { once: true });
    child.stdout.on("data", (chunk: Buffer) => output.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => output.push(chunk));
    const finish = (exitCode: number | null, signal: NodeJS.Signals | null, error?: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      opts.signal?.removeEventListener("abort", onAbort);
      // Anything still in the group (a background child) goes with the main process.
      killGroup();
      const drain = setTimeout(() => {
        child.stdout.destroy();
        child.stderr.destroy();
      }, DRAIN_MS);
      let open = 2;
      const done = () => {
        open -= 1;
        if (open > 0) return;
        clearTimeout(drain);
        if (error) output.push(Buffer.from(`\n[booty: could not start ${file}: ${error.message}]\n`));
        if (!killedReason && signal) killedReason = `killed by ${signal}`;
        resolve({
          exitCode,
          timedOut,
          output: output.text(),
          durationMs: now() - started,
          ...(killedReason ? { killedReason } : {}),
        });
      };
      for (const stream of [child.stdout, child.stderr]) {
        if (stream.destroyed || stream.readableEnded) done();
        else stream.once("close", done);
      }
    };
    child.once("exit", (code, signal) => finish(code, signal));
    child.once("error", (error) => finish(null, null, error));
  });
}
