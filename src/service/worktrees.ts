import { readdir, rm } from "node:fs/promises";
import { join } from "node:path";
import type { Logger } from "../log/logger.ts";

/** The pipeline's runId for a job's attempt, which names its worktree under `<dataDir>/worktrees`. */
export const attemptRunId = (jobId: string, attempt: number): string => `${jobId}-a${attempt}`;

/** What attemptRunId makes, with the job id captured. */
const ATTEMPT = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})-a\d+$/;

/**
 * An attempt cut off by a crash leaves its worktree behind, and git then counts the branch as
 * checked out. Attempts of one job never overlap (the queue hands a job to one worker at a time), so an
 * earlier attempt's worktree on this machine is dead, even if another process sharing the data directory
 * left it: remove it and let the workspace prune git's record.
 */
export async function discardEarlierAttempts(dataDir: string, jobId: string, attempt: number): Promise<void> {
  for (let earlier = 1; earlier < attempt; earlier++) {
    await rm(join(dataDir, "worktrees", attemptRunId(jobId, earlier)), { recursive: true, force: true });
  }
}

/**
 * Removes the worktrees that attempts killed with their process left under `<dataDir>/worktrees`. One
 * still has its issue's branch checked out, and git would refuse that branch to the issue's next job
 * ("already exists") for as long as it stays. Only worktrees of jobs not in `running` are dead for sure:
 * on a shared database another process may be running them from the same data directory. `booty run`'s
 * worktrees are named otherwise and left alone. git forgets a removed worktree at its next prune.
 */
export async function removeDeadWorktrees(dataDir: string, running: ReadonlySet<string>, logger: Logger) {
  const root = join(dataDir, "worktrees");
  const names = await readdir(root).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return [];
    throw error;
  });
  const dead = names.filter((name) => {
    const job = ATTEMPT.exec(name)?.[1];
    return job !== undefined && !running.has(job);
  });
  for (const name of dead) await rm(join(root, name), { recursive: true, force: true });
  if (dead.length > 0) logger.info({ worktrees: dead }, "removed worktrees left by attempts that were cut off");
  return dead;
}
