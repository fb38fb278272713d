import { type ChildProcess, spawn } from "node:child_process";
import type { Readable } from "node:stream";
import { TailBuffer } from "./output.ts";
import type { SandboxResult } from "./port.ts";

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
  /** More pipes after stdout and stderr, as descriptors 3, 4, …: the child reaches them through onStart. */
  extraPipes?: number;
  /**
   * Called once the child is started; what it returns is called when the run ends. If it fails, the run is
   * killed and fails with its error rather than with a result.
   */
  onStart?: (child: ChildProcess) => Promise<() => void>;
}

/** After the main process exits, how long to wait for pipes held by leftover children before closing them. */
const DRAIN_MS = 500;
const GRACE_MS = 1000;
const STOPPED = "stopped: booty is shutting down";

/** One running process and what its end will report. */
interface Run {
  file: string;
  child: ChildProcess;
  stdout: Readable;
  stderr: Readable;
  output: TailBuffer;
  started: number;
  cleanup: () => void;
  startError: unknown;
  killedReason: string | undefined;
  timedOut: boolean;
  settled: boolean;
}

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
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      cwd: opts.cwd,
      env: opts.env,
      stdio: ["ignore", "pipe", "pipe", ...Array.from({ length: opts.extraPipes ?? 0 }, () => "pipe" as const)],
      detached: true,
    });
    // Always pipes (see stdio above).
    const [stdout, stderr] = [child.stdout as Readable, child.stderr as Readable];
    const run: Run = {
      file,
      child,
      stdout,
      stderr,
      output,
      started,
      cleanup: () => {},
      startError: null,
      killedReason: undefined,
      timedOut: false,
      settled: false,
    };
    const timer = setTimeout(
      () => stop(run, opts, `timed out after ${opts.timeoutMs} ms; all its processes killed`, true),
      opts.timeoutMs,
    );
    const onAbort = () => stop(run, opts, `${STOPPED}; all its processes killed`, false);
    opts.signal?.addEventListener("abort", onAbort, { once: true });
    opts.onStart?.(child).then(
      (done) => {
        if (run.settled) done();
        else run.cleanup = done;
      },
      (error: unknown) => {
        run.startError = error;
        stop(run, opts, `could not start: ${String(error)}`, false);
      },
    );
    stdout.on("data", (chunk: Buffer) => output.push(chunk));
    stderr.on("data", (chunk: Buffer) => output.push(chunk));
    const finish = (exitCode: number | null, signal: NodeJS.Signals | null, error?: Error) => {
      if (run.settled) return;
      run.settled = true;
      clearTimeout(timer);
      opts.signal?.removeEventListener("abort", onAbort);
      settle(run, { exitCode, signal, error, now }, resolve, reject);
    };
    child.once("exit", (code, signal) => finish(code, signal));
    child.once("error", (error) => finish(null, null, error));
  });
}

function killGroup(child: ChildProcess): void {
  try {
    if (child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
  } catch {
    // the group is already gone
  }
}

/** Kills the run (once) for `reason`; a timeout is reported as one. */
function stop(run: Run, opts: ProcessOptions, reason: string, timeout: boolean): void {
  if (run.settled || run.killedReason) return;
  run.killedReason = reason;
  run.timedOut = timeout;
  const { child } = run;
  if (opts.beforeKill && child.pid !== undefined) {
    // Let the main process reap what beforeKill killed; the group goes too if it does not exit soon.
    opts.beforeKill(child.pid);
    setTimeout(() => killGroup(child), GRACE_MS).unref();
  } else {
    killGroup(child);
  }
}

/** After the main process ended: kills what is left of its group, drains its output and reports. */
function settle(
  run: Run,
  end: { exitCode: number | null; signal: NodeJS.Signals | null; error: Error | undefined; now: () => number },
  resolve: (result: SandboxResult) => void,
  reject: (error: unknown) => void,
): void {
  const { child, stdout, stderr, output } = run;
  run.cleanup();
  for (const extra of child.stdio.slice(3)) extra?.destroy();
  // Anything still in the group (a background child) goes with the main process.
  killGroup(child);
  const drain = setTimeout(() => {
    stdout.destroy();
    stderr.destroy();
  }, DRAIN_MS);
  let open = 2;
  const done = () => {
    open -= 1;
    if (open > 0) return;
    clearTimeout(drain);
    if (end.error) output.push(Buffer.from(`\n[booty: could not start ${run.file}: ${end.error.message}]\n`));
    if (!run.killedReason && end.signal) run.killedReason = `killed by ${end.signal}`;
    if (run.startError !== null) return reject(run.startError);
    resolve({
      exitCode: end.exitCode,
      timedOut: run.timedOut,
      output: output.text(),
      durationMs: end.now() - run.started,
      ...(run.killedReason ? { killedReason: run.killedReason } : {}),
    });
  };
  for (const stream of [stdout, stderr]) {
    if (stream.destroyed || stream.readableEnded) done();
    else stream.once("close", done);
  }
}
