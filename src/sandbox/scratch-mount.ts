import { execFile } from "node:child_process";
import { readdir, rm, stat } from "node:fs/promises";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { processAlive } from "../system/process-alive.ts";
import { SANDBOX_PATH } from "./port.ts";

const run = promisify(execFile);
const env = { PATH: SANDBOX_PATH };

/** Scratch copies are named for the process that made them, so that one whose process is gone is found. */
export const scratchPrefix = (pid: number): string => `booty-ws-${pid}-`;
const SCRATCH = /^booty-ws-(\d+)-[A-Za-z0-9]{6}$/;

/**
 * Mounts a tmpfs of `bytes` on `dir`, owned by the sandbox uid: a test run that fills it fails on its own
 * ENOSPC, and booty's disk (its data dir, its journal) is untouched. Only root may mount; false otherwise.
 */
export async function mountTmpfs(dir: string, bytes: number, uid: number | null): Promise<boolean> {
  if (process.getuid?.() !== 0) return false;
  const owner = uid === null ? "" : `,uid=${uid},gid=${uid}`;
  try {
    await run("mount", ["-t", "tmpfs", "-o", `size=${bytes},mode=0700,nosuid,nodev${owner}`, "tmpfs", dir], { env });
    return true;
  } catch {
    return false;
  }
}

async function isMountPoint(dir: string): Promise<boolean> {
  const [here, above] = await Promise.all([stat(dir), stat(dirname(dir))]).catch(() => []);
  return here !== undefined && above !== undefined && here.dev !== above.dev;
}

/** Unmounts the copy's tmpfs if it has one (lazily: a process may still hold it), then removes the folder. */
export async function removeScratch(dir: string): Promise<void> {
  if (await isMountPoint(dir)) await run("umount", ["--lazy", dir], { env });
  await rm(dir, { recursive: true, force: true });
}

/**
 * Removes the scratch copies under `parent` whose process is gone (killed with -9, or the machine restarted
 * without clearing /tmp): repository code, owned by the sandbox user, that nothing would ever remove.
 */
export async function removeDeadScratch(parent: string): Promise<string[]> {
  const names = await readdir(parent).catch(() => []);
  const dead = names.filter((name) => {
    const pid = SCRATCH.exec(name)?.[1];
    return pid !== undefined && Number(pid) !== process.pid && !processAlive(Number(pid));
  });
  for (const name of dead) await removeScratch(join(parent, name));
  return dead;
}
