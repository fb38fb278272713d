import { randomBytes } from "node:crypto";
import { closeSync, constants, fsyncSync, openSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { processAlive } from "../process-alive.ts";

const NAME = /^(\d+)-([0-9a-f]+)-(\d+)\.journal$/;

/** The segments of one process: `<pid>-<tag>-<seq>.journal`, the tag telling apart two lives of one pid. */
export function segmentNamer(dir: string): { tag: string; next: () => string } {
  const tag = randomBytes(4).toString("hex");
  let seq = 0;
  return { tag, next: () => join(dir, `${process.pid}-${tag}-${String(seq++).padStart(6, "0")}.journal`) };
}

/**
 * Opens a new segment for appending. With `dsync`, each write is on the disk before it returns, so one
 * write call is the whole group commit; the folder is synced so that the new name survives a crash too.
 */
export function createSegmentFile(dir: string, path: string, dsync: boolean): number {
  const flags = constants.O_WRONLY | constants.O_CREAT | constants.O_APPEND | (dsync ? constants.O_DSYNC : 0);
  const fd = openSync(path, flags, 0o600);
  const dirFd = openSync(dir, constants.O_RDONLY);
  try {
    fsyncSync(dirFd);
  } finally {
    closeSync(dirFd);
  }
  return fd;
}

/**
 * Segments left by processes that are gone: a crashed or killed intake. Segments of a live process
 * (another `booty serve` sharing the folder) are its own to drain, and so are this process's (`ownTag`).
 * Sorted by name, which is write order within each process.
 */
export function orphanSegments(dir: string, ownTag: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .map((name) => ({ name, m: NAME.exec(name) }))
    .filter(({ m }) => m && m[2] !== ownTag && (Number(m[1]) === process.pid || !processAlive(Number(m[1]))))
    .map(({ name }) => name)
    .sort()
    .map((name) => join(dir, name));
}
