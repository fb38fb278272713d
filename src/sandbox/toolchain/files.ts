import { constants } from "node:fs";
import { access, lstat, readdir, readFile, realpath } from "node:fs/promises";

const MAX_VERSION_FILE = 64 * 1024;

export async function isExecutable(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export async function realOrNull(path: string): Promise<string | null> {
  try {
    return await realpath(path);
  } catch {
    return null;
  }
}

/** A small regular file's text, or null. Version files come from the repository: no symlinks, size capped. */
export async function readSmall(path: string): Promise<string | null> {
  try {
    const info = await lstat(path);
    if (!info.isFile() || info.size > MAX_VERSION_FILE) return null;
    return await readFile(path, "utf8");
  } catch {
    return null;
  }
}

export async function listDir(path: string): Promise<string[]> {
  try {
    return await readdir(path);
  } catch {
    return [];
  }
}

/** A version name a manager could have installed; never a path. */
const VERSION = /^[A-Za-z0-9][A-Za-z0-9._+-]{0,99}$/;
export function isVersionName(name: string): boolean {
  return VERSION.test(name) && !name.includes("..");
}

/** Compares version names by their numeric parts, so that 3.10 sorts after 3.9. */
export function compareVersions(a: string, b: string): number {
  const pa = a
    .split(/[^0-9]+/)
    .filter(Boolean)
    .map(Number);
  const pb = b
    .split(/[^0-9]+/)
    .filter(Boolean)
    .map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i += 1) {
    const d = (pa[i] ?? -1) - (pb[i] ?? -1);
    if (d !== 0) return d;
  }
  return a.localeCompare(b);
}

/**
 * The installed version `wanted` names: itself, or the newest installed one it is a prefix of (`3.12` →
 * `3.12.1`, `v20` → `v20.11.0`). null when nothing installed matches or the name is not a version.
 */
export async function pickInstalled(dir: string, wanted: string, tag = ""): Promise<string | null> {
  const name = wanted.trim();
  if (!isVersionName(name)) return null;
  const installed = (await listDir(dir)).filter(isVersionName);
  if (installed.includes(name)) return name;
  const bare = name.startsWith(tag) ? name : `${tag}${name}`;
  if (installed.includes(bare)) return bare;
  const matching = installed.filter((v) => v.startsWith(`${bare}.`)).sort(compareVersions);
  return matching.at(-1) ?? null;
}

/** The first non-comment words of a version file (`.python-version`, `.nvmrc`). */
export function versionWords(text: string | null): string[] {
  if (text === null) return [];
  return text
    .split("\n")
    .map((line) => line.replace(/#.*/, "").trim())
    .flatMap((line) => line.split(/\s+/))
    .filter(Boolean);
}
