import { randomBytes } from "node:crypto";
import { mkdir, readdir, readFile, rename, rm, stat, utimes, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { copyIn, copyOut, type SetupOutput } from "./tree.ts";

/** Where setup results are kept (`<dataDir>/setup-cache`) and how much they may take in all. */
export interface SetupCacheSettings {
  dir: string;
  maxBytes: number;
}

interface Meta {
  command: string;
  output: SetupOutput;
  storedAt: string;
}

const KEY = /^[0-9a-f]{64}$/;

/**
 * Restores the setup output stored under `key` into `into`; false when there is none. Its use counts for
 * the least-recently-used eviction.
 */
export async function restoreSetup(
  cache: SetupCacheSettings,
  key: string,
  into: string,
  uid: number | null,
): Promise<boolean> {
  const entry = join(cache.dir, key);
  let meta: Meta;
  try {
    meta = JSON.parse(await readFile(join(entry, "meta.json"), "utf8")) as Meta;
  } catch {
    return false;
  }
  const now = new Date();
  await utimes(join(entry, "meta.json"), now, now);
  const created: string[] = [];
  try {
    await copyIn(join(entry, "tree"), into, meta.output, uid, created);
  } catch (error) {
    // Evicted under our feet, or the copy has a symlink where the output goes: leave no half of it.
    for (const path of created.reverse()) await rm(path, { recursive: true, force: true });
    throw error;
  }
  return true;
}

/**
 * Stores a setup's output from `from` under `key`, written aside and renamed into place so that a
 * concurrent job sees all of it or nothing; then evicts the least recently used entries over the cap.
 */
export async function storeSetup(
  cache: SetupCacheSettings,
  key: string,
  from: string,
  output: SetupOutput,
  command: string,
): Promise<void> {
  await mkdir(cache.dir, { recursive: true, mode: 0o700 });
  const staging = join(cache.dir, `.tmp-${randomBytes(6).toString("hex")}`);
  try {
    await mkdir(staging, { mode: 0o700 });
    await copyOut(from, join(staging, "tree"), output);
    const meta: Meta = { command, output, storedAt: new Date().toISOString() };
    await writeFile(join(staging, "meta.json"), JSON.stringify(meta), { mode: 0o600 });
    await rename(staging, join(cache.dir, key)).catch(() => undefined); // another job stored it first
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  await evict(cache);
}

export interface CacheEntry {
  key: string;
  bytes: number;
  lastUsed: Date;
}

/** The cache's entries, most recently used first. */
export async function listSetupCache(cache: SetupCacheSettings): Promise<CacheEntry[]> {
  const entries: CacheEntry[] = [];
  for (const key of await readdir(cache.dir).catch(() => [] as string[])) {
    if (!KEY.test(key)) continue;
    try {
      const metaPath = join(cache.dir, key, "meta.json");
      const meta = JSON.parse(await readFile(metaPath, "utf8")) as Meta;
      entries.push({ key, bytes: meta.output.bytes, lastUsed: (await stat(metaPath)).mtime });
    } catch {
      // half-removed by another job's eviction
    }
  }
  return entries.sort((a, b) => b.lastUsed.getTime() - a.lastUsed.getTime());
}

async function evict(cache: SetupCacheSettings): Promise<void> {
  let total = 0;
  for (const entry of await listSetupCache(cache)) {
    total += entry.bytes;
    if (total <= cache.maxBytes) continue;
    // Renamed first: a job that starts restoring it now finds nothing rather than half of it.
    const doomed = join(cache.dir, `.tmp-evicted-${entry.key}-${randomBytes(4).toString("hex")}`);
    await rename(join(cache.dir, entry.key), doomed).catch(() => undefined);
    await rm(doomed, { recursive: true, force: true });
  }
}
