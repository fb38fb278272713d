import type { Logger } from "pino";
import lockfile from "proper-lockfile";
import { GitError } from "../errors/index.ts";

export interface LockTiming {
  /** A holder that stopped refreshing its lock this long ago is taken to have died. */
  staleMs: number;
  /** How long to wait for another job's lock before giving up. */
  waitMs: number;
}

const DEFAULT_TIMING: LockTiming = { staleMs: 30_000, waitMs: 20 * 60_000 };

/**
 * Runs `fn` while holding `<path>.lock` (a directory whose mtime the holder keeps fresh), so two jobs,
 * in this process or another, never fetch into the same mirror at once.
 */
export async function withLock<T>(
  path: string,
  logger: Logger,
  fn: () => Promise<T>,
  timing: LockTiming = DEFAULT_TIMING,
): Promise<T> {
  const maxTimeout = 1000;
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(path, {
      realpath: false,
      stale: timing.staleMs,
      retries: { retries: Math.ceil(timing.waitMs / maxTimeout), minTimeout: 50, maxTimeout, factor: 1.5 },
      onCompromised: (error) => logger.warn({ err: error, path }, "mirror lock was taken over while held"),
    });
  } catch (error) {
    throw new GitError(`could not lock ${path}: ${(error as Error).message}`, {
      cause: error,
      where: path,
      retryable: true,
    });
  }
  try {
    return await fn();
  } finally {
    await release().catch((error: unknown) => logger.warn({ err: error, path }, "could not release mirror lock"));
  }
}
