import { randomBytes } from "node:crypto";
import { chmod, lstat } from "node:fs/promises";
import type { Config, ConfigOverrides } from "../config/index.ts";
import type { Logger } from "../log/logger.ts";
import type { Progress } from "./progress.ts";

export interface CliContext {
  config: Config;
  logger: Logger;
  /** Set when the command shows progress; stop it before writing the final output. */
  progress: Progress | undefined;
}

export interface CliContextOptions {
  /** The log level when LOG_LEVEL is not set (default: LOG_LEVEL's own default). */
  level?: string;
  /**
   * Show the pipeline's progress on stderr: "tty" only on a terminal, "always" as lines on a pipe too. With
   * progress shown and LOG_LEVEL unset, logs show from warnings up only: progress says the rest.
   */
  progress?: "tty" | "always";
}

/**
 * Loads configuration (the only place the CLI touches process.env) and a logger for one command. The
 * schemas and the logging library are loaded here, when a command runs, so that `--help` stays instant.
 */
export async function cliContext(overrides: ConfigOverrides = {}, opts: CliContextOptions = {}): Promise<CliContext> {
  const [{ loadConfig, secretValues }, { createLogger }, { createProgress }, { LogTails }] = await Promise.all([
    import("../config/index.ts"),
    import("../log/logger.ts"),
    import("./progress.ts"),
    import("../log/tails.ts"),
  ]);
  const config = loadConfig(process.env, overrides);
  const secrets = secretValues(config);
  const tty = process.stderr.isTTY === true;
  const shown = opts.progress === "always" || (opts.progress === "tty" && tty);
  const progress = shown ? createProgress({ out: process.stderr, live: tty }) : undefined;
  const level = config.logLevelSet ? config.logLevel : progress ? "warn" : (opts.level ?? config.logLevel);
  // A log line never lands on the end of the live progress line.
  const destination = progress
    ? {
        write(text: string) {
          progress.clear();
          return process.stderr.write(text);
        },
      }
    : undefined;
  const logger = createLogger({
    level,
    pretty: tty,
    secrets,
    // Each run's last lines go into its report, for the dashboard.
    tails: new LogTails(secrets),
    ...(destination ? { destination: destination as NodeJS.WritableStream } : {}),
    ...(progress ? { progress: progress.stream } : {}),
    // With progress shown the final report states why the run failed: booty's own failures are not also
    // logged (an unexpected error, which has no code, keeps its log and stack). LOG_LEVEL shows them all.
    ...(progress && !config.logLevelSet ? { skip: reportedFailure } : {}),
  });
  await makeDataDirPrivate(config.dataDir, logger);
  return { config, logger, progress };
}

/**
 * A data dir made before booty set its umask (or by hand) may be open to others: closing its top folder
 * closes everything in it, without walking mirrors of many thousand files.
 */
async function makeDataDirPrivate(dir: string, logger: Logger): Promise<void> {
  const stat = await lstat(dir).catch(() => null);
  if (!stat?.isDirectory() || (stat.mode & 0o077) === 0) return;
  await chmod(dir, stat.mode & 0o700).catch((error: unknown) =>
    logger.warn({ err: error, dir }, "the data directory is open to other users and booty cannot close it"),
  );
}

export function newRunId(now: Date = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, "").replace(/\..*$/, "").replace("T", "-");
  return `${stamp}-${randomBytes(3).toString("hex")}`;
}

function reportedFailure(record: Record<string, unknown>): boolean {
  const err = record.err as { code?: unknown } | undefined;
  return (record.event === "failed" || record.event === "run-failed") && typeof err?.code === "string";
}
