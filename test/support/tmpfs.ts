import { execFileSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * A real small filesystem for tests that need one to fill (a full disk, a workspace limit): a tmpfs of
 * `bytes`, or null when this machine does not let the test mount (not root, or no CAP_SYS_ADMIN).
 */
export async function smallFilesystem(bytes: number): Promise<{ dir: string; remove(): Promise<void> } | null> {
  const dir = await mkdtemp(join(tmpdir(), "booty-small-fs-"));
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", `size=${bytes},mode=0711`, "tmpfs", dir], { stdio: "ignore" });
  } catch {
    await rm(dir, { recursive: true, force: true });
    return null;
  }
  return {
    dir,
    async remove() {
      execFileSync("umount", ["--lazy", dir]);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export const MOUNT_REFUSED = "mounting a tmpfs is not permitted here (needs root with CAP_SYS_ADMIN)";
