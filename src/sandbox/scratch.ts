import { constants } from "node:fs";
import {
  chmod,
  copyFile,
  lchown,
  lstat,
  mkdir,
  mkdtemp,
  readFile,
  readlink,
  rm,
  stat,
  symlink,
} from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, posix, resolve } from "node:path";
import { SandboxError } from "../errors/index.ts";
import { mountTmpfs, removeScratch, scratchPrefix } from "./scratch-mount.ts";

/**
 * A copy of a worktree, without its `.git`, that repository code may write to. Tests run here and
 * nothing is ever copied back, so a test run cannot touch booty's git metadata or the files booty commits.
 * `sync` runs only while no sandboxed process is alive (a bwrap run takes its whole pid namespace with it),
 * so checking each path component with lstat before writing is not racy.
 */
export interface ScratchWorkspace {
  readonly dir: string;
  /** On a mount of its own of the size asked for: a test run that fills it cannot fill booty's disk. */
  readonly bounded: boolean;
  /** Make the scratch copy's tracked files equal to the worktree's (content, mode, symlinks, deletions). */
  sync(files: readonly string[]): Promise<void>;
  dispose(): Promise<void>;
}

export interface ScratchOptions {
  source: string;
  files: readonly string[];
  /** Owner of every file in the copy (the sandbox uid); null keeps booty's own. */
  uid: number | null;
  parent?: string;
  /** Put the copy on a tmpfs of this size (needs root; without it the copy is unbounded, see `bounded`). */
  sizeBytes?: number;
}

export async function createScratch(opts: ScratchOptions): Promise<ScratchWorkspace> {
  const parent = opts.parent ?? tmpdir();
  if (opts.uid !== null) await assertTraversable(parent);
  const dir = await mkdtemp(join(parent, scratchPrefix(process.pid)));
  const bounded = opts.sizeBytes !== undefined && (await mountTmpfs(dir, opts.sizeBytes, opts.uid));
  const own = async (path: string) => {
    if (opts.uid !== null) await lchown(path, opts.uid, opts.uid);
  };
  await own(dir);
  let previous = new Set<string>();
  const scratch: ScratchWorkspace = {
    dir,
    bounded,
    async sync(files) {
      await rm(join(dir, ".git"), { recursive: true, force: true });
      const current = new Set(files.filter(isPlainRelative));
      for (const rel of previous) if (!current.has(rel)) await removeInside(dir, rel);
      try {
        for (const rel of current) await syncOne(opts.source, dir, rel, own);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "ENOSPC" || !bounded) throw error;
        throw new SandboxError(
          "the scratch copy is full: the tests filled its BOOTY_SANDBOX_WORKSPACE_MB, so the change cannot be copied in",
          { where: "scratch copy", cause: error },
        );
      }
      previous = current;
    },
    async dispose() {
      await removeScratch(dir);
    },
  };
  try {
    await scratch.sync(opts.files);
  } catch (error) {
    await scratch.dispose();
    throw new SandboxError(`could not copy the workspace for the sandbox: ${String(error)}`, {
      where: dir,
      cause: error,
    });
  }
  return scratch;
}

/** bwrap runs as the sandbox uid and must reach the copy: every directory above it needs o+x. */
async function assertTraversable(parent: string): Promise<void> {
  for (let at = resolve(parent); ; at = dirname(at)) {
    const info = await stat(at);
    if ((info.mode & 0o001) === 0) {
      throw new SandboxError(
        `${at} is not traversable by the sandbox user; scratch copies need a directory like /tmp`,
        {
          where: at,
        },
      );
    }
    if (at === dirname(at)) return;
  }
}

function isPlainRelative(rel: string): boolean {
  if (rel === "" || rel.startsWith("/") || rel.includes("\0")) return false;
  const parts = posix.normalize(rel).split("/");
  return !parts.some((p) => p === ".." || p === "." || p === "" || p.toLowerCase() === ".git");
}

async function kind(path: string) {
  try {
    return await lstat(path);
  } catch {
    return null;
  }
}

/** Makes every parent of `rel` a real directory, replacing whatever a test run put there instead. */
async function ensureParents(dir: string, rel: string, own: (p: string) => Promise<void>): Promise<void> {
  const parts = rel.split("/").slice(0, -1);
  let at = dir;
  for (const part of parts) {
    at = join(at, part);
    const info = await kind(at);
    if (info?.isDirectory()) continue;
    if (info) await rm(at, { recursive: true, force: true });
    await mkdir(at);
    await own(at);
  }
}

async function removeInside(dir: string, rel: string): Promise<void> {
  // Only through real directories: a symlinked parent would point rm somewhere else.
  let at = dir;
  const parts = rel.split("/");
  for (const part of parts.slice(0, -1)) {
    at = join(at, part);
    const info = await kind(at);
    if (!info?.isDirectory()) return;
  }
  await rm(join(at, parts.at(-1) as string), { recursive: true, force: true });
}

async function syncOne(source: string, dir: string, rel: string, own: (p: string) => Promise<void>): Promise<void> {
  const from = join(source, rel);
  const to = join(dir, rel);
  const src = await kind(from);
  if (!src || !(src.isFile() || src.isSymbolicLink())) return removeInside(dir, rel);
  await ensureParents(dir, rel, own);
  const dst = await kind(to);
  if (src.isSymbolicLink()) {
    const target = await readlink(from);
    if (dst?.isSymbolicLink() && (await readlink(to)) === target) return;
    if (dst) await rm(to, { recursive: true, force: true });
    await symlink(target, to);
    return own(to);
  }
  if (dst?.isFile() && dst.mode === src.mode && dst.size === src.size) {
    const [a, b] = await Promise.all([readFile(from), readFile(to)]);
    if (a.equals(b)) return;
  }
  if (dst) await rm(to, { recursive: true, force: true });
  await copyFile(from, to, constants.COPYFILE_EXCL);
  await chmod(to, src.mode & 0o777);
  await own(to);
}
