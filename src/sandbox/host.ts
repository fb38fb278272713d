import { lstat, readlink, stat } from "node:fs/promises";
import { ETC_ALLOWED, type GitMask, type HostLayout, TOP_LEVEL } from "./argv.ts";

async function kindOf(path: string): Promise<"symlink" | "dir" | "file" | "other" | null> {
  try {
    const info = await lstat(path);
    if (info.isSymbolicLink()) return "symlink";
    if (info.isDirectory()) return "dir";
    if (info.isFile()) return "file";
    return "other";
  } catch {
    return null;
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/** Reads the host's layout (merged /usr or not, which /etc files exist) for `bwrapArgv`. */
export async function inspectHost(extraReadOnly: readonly string[] = []): Promise<HostLayout> {
  const topLevel: Record<string, string> = {};
  for (const name of TOP_LEVEL) {
    const kind = await kindOf(`/${name}`);
    if (kind === "symlink") topLevel[name] = await readlink(`/${name}`);
    else if (kind === "dir") topLevel[name] = "dir";
  }
  const etc: string[] = [];
  // stat, not lstat: resolv.conf is often a symlink into /run, and bwrap binds what it points to.
  for (const name of ETC_ALLOWED) if (await exists(`/etc/${name}`)) etc.push(name);
  const extra: string[] = [];
  for (const dir of extraReadOnly) if (await exists(dir)) extra.push(dir);
  return { topLevel, etc, extraReadOnly: extra };
}

/** What `<root>/.git` is, or null when it is something that cannot be masked safely (a symlink, a socket). */
export async function gitMaskFor(root: string): Promise<GitMask | null> {
  const kind = await kindOf(`${root}/.git`);
  if (kind === null) return "absent";
  if (kind === "dir" || kind === "file") return kind;
  return null;
}
