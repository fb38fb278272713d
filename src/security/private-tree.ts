import { chmod, lstat, readdir } from "node:fs/promises";
import { join } from "node:path";

/**
 * Takes the group's and others' bits off every file and folder under `root` (symlinks are left alone).
 * For what a library chmods past the process umask: PGlite restores its initial database with the modes
 * of its archive (0666), which the umask cannot narrow.
 */
export async function makeTreePrivate(root: string): Promise<void> {
  const stat = await lstat(root);
  if (stat.isSymbolicLink()) return;
  if ((stat.mode & 0o077) !== 0) await chmod(root, stat.mode & 0o7700);
  if (!stat.isDirectory()) return;
  for (const name of await readdir(root)) await makeTreePrivate(join(root, name));
}
