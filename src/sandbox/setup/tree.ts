import { constants } from "node:fs";
import {
  chmod,
  copyFile,
  lchown,
  link,
  lstat,
  mkdir,
  readdir,
  readFile,
  readlink,
  rm,
  symlink,
} from "node:fs/promises";
import { join } from "node:path";
import { SandboxError } from "../../errors/index.ts";

/** Files a setup left in the copy, found without following a single symlink. */
export interface SetupOutput {
  /** Relative paths: directories first, each before its contents. */
  dirs: string[];
  files: string[];
  symlinks: string[];
  bytes: number;
}

/**
 * What setup created or changed in `dir`: every entry that is not a tracked file (whole untracked
 * directories, like node_modules/ and .venv/), and tracked files whose content changed. Runs while no
 * sandboxed process is alive, so what lstat saw is what gets copied.
 */
export async function setupOutput(
  dir: string,
  source: string,
  tracked: readonly string[],
  maxBytes: number,
): Promise<SetupOutput> {
  const files = new Set(tracked);
  const parents = new Set(
    tracked.flatMap((f) =>
      f
        .split("/")
        .slice(0, -1)
        .map((_, i, a) => a.slice(0, i + 1).join("/")),
    ),
  );
  const out: SetupOutput = { dirs: [], files: [], symlinks: [], bytes: 0 };
  const walk = async (rel: string, whole: boolean): Promise<void> => {
    for (const name of (await readdir(join(dir, rel))).sort()) {
      const child = rel === "" ? name : `${rel}/${name}`;
      if (child === ".git") continue;
      const info = await lstat(join(dir, child));
      if (info.isDirectory()) {
        const inside = whole || !parents.has(child);
        if (inside) out.dirs.push(child);
        await walk(child, inside);
      } else if (info.isSymbolicLink()) {
        if (whole || !files.has(child)) out.symlinks.push(child);
      } else if (info.isFile()) {
        if (!whole && files.has(child) && (await sameContent(join(dir, child), join(source, child)))) continue;
        out.files.push(child);
        out.bytes += info.size;
        if (out.bytes > maxBytes)
          throw new SandboxError(`setup output is larger than the cache (${maxBytes} bytes)`, { where: dir });
      }
    }
  };
  await walk("", false);
  return out;
}

async function sameContent(a: string, b: string): Promise<boolean> {
  try {
    const [x, y] = await Promise.all([lstat(a), lstat(b)]);
    if (!y.isFile() || x.size !== y.size) return false;
    return (await readFile(a)).equals(await readFile(b));
  } catch {
    return false;
  }
}

/** Copies the output into the cache: directories 0700, files readable by all and writable by none. */
export async function copyOut(from: string, to: string, output: SetupOutput): Promise<void> {
  await mkdir(to, { mode: 0o700 });
  for (const rel of parentsOf(output)) await mkdir(join(to, rel), { recursive: true, mode: 0o700 });
  for (const rel of output.dirs) await mkdir(join(to, rel), { recursive: true, mode: 0o700 });
  for (const rel of output.symlinks) await symlink(await readlink(join(from, rel)), join(to, rel));
  for (const rel of output.files) {
    const mode = (await lstat(join(from, rel))).mode;
    await copyFile(join(from, rel), join(to, rel), constants.COPYFILE_FICLONE);
    // Restored by hard link into copies the sandbox uid owns: it may read them, never change them in place.
    await chmod(join(to, rel), mode & 0o111 ? 0o555 : 0o444);
  }
}

/** Parent directories of tracked content the output sits in (e.g. `packages/a` for `packages/a/node_modules`). */
function parentsOf(output: SetupOutput): string[] {
  const top = new Set(output.dirs);
  const parents = new Set<string>();
  for (const rel of [...output.dirs, ...output.files, ...output.symlinks]) {
    const parts = rel.split("/").slice(0, -1);
    for (let i = 1; i <= parts.length; i += 1) {
      const p = parts.slice(0, i).join("/");
      if (!top.has(p)) parents.add(p);
    }
  }
  return [...parents].sort();
}

/**
 * Puts a stored output into a fresh copy: hard links where the copy shares the cache's filesystem, else
 * copy-on-write or plain copies the sandbox uid owns. A path whose parent in the copy is not a real
 * directory (a symlink the repository committed) stops the restore: nothing is written through it.
 */
export async function copyIn(
  from: string,
  to: string,
  output: SetupOutput,
  uid: number | null,
  created: string[],
): Promise<void> {
  const own = async (path: string) => {
    created.push(path);
    if (uid !== null) await lchown(path, uid, uid);
  };
  const ensureDir = async (rel: string) => {
    const path = join(to, rel);
    const info = await lstat(path).catch(() => null);
    if (info?.isDirectory()) return;
    if (info) throw new SandboxError(`${rel} in the copy is not a directory`, { where: to });
    await mkdir(path);
    await own(path);
  };
  for (const rel of [...parentsOf(output), ...output.dirs]) await ensureDir(rel);
  for (const rel of output.symlinks) {
    await replace(join(to, rel));
    await symlink(await readlink(join(from, rel)), join(to, rel));
    await own(join(to, rel));
  }
  for (const rel of output.files) {
    await replace(join(to, rel));
    // A hard link is safe only when the sandbox runs as another uid, which cannot chmod the shared inode.
    if (uid !== null && (await tryLink(join(from, rel), join(to, rel)))) {
      created.push(join(to, rel));
      continue;
    }
    await copyFile(join(from, rel), join(to, rel), constants.COPYFILE_FICLONE);
    await chmod(join(to, rel), ((await lstat(join(from, rel))).mode & 0o777) | 0o200);
    await own(join(to, rel));
  }
}

async function tryLink(from: string, to: string): Promise<boolean> {
  try {
    await link(from, to);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EXDEV") return false;
    throw error;
  }
}

/** A tracked file the setup rewrote is replaced, never written through. */
async function replace(path: string): Promise<void> {
  const info = await lstat(path).catch(() => null);
  if (info?.isDirectory()) throw new SandboxError(`${path} is a directory in the copy`, { where: path });
  if (info) await rm(path, { force: true });
}
