import { randomBytes } from "node:crypto";
import { closeSync, constants, fsyncSync, openSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { processAlive } from "../../system/process-alive.ts";

const NAME = /^(\d+)-([0-9a-f]+)-(\d+)\.journal$/;

/** The segments of one process: `<pid>-<tag>-<seq>.journal`, the tag telling apart two lives of one pid. */
export function segmentNamer(dir: string, tag = newSegmentTag()): { tag: string; next: () => string } {
  let seq = 0;
  return { tag, next: () => join(dir, `${process.pid}-${tag}-${String(seq++).padStart(6, "0")}.journal`) };
}

export const newSegmentTag = (): string => randomBytes(4).toString("hex");

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
 * Segments left by writers that are gone: a crashed or killed intake, or one of this process's intake
 * threads that died. Segments of a live process (another `booty serve` sharing the folder) are its own to
 * drain, and so are those of this process's live writers (`liveTags`). Sorted by name, which is write
 * order within each writer.
 */
export function orphanSegments(dir: string, liveTags: ReadonlySet<string>): string[] {
  return segmentsIn(dir)
    .filter((s) => !liveTags.has(s.tag) && (s.pid === process.pid || !processAlive(s.pid)))
    .map((s) => s.path);
}

/** This process's segments written under these tags, whatever is left of them. */
export function segmentsOf(dir: string, tags: ReadonlySet<string>): string[] {
  return segmentsIn(dir)
    .filter((s) => s.pid === process.pid && tags.has(s.tag))
    .map((s) => s.path);
}

/** The segments in `dir`, by name (write order within each writer), with their writer's pid and tag. */
function segmentsIn(dir: string): { path: string; pid: number; tag: string }[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names.sort().flatMap((name) => {
    const m = NAME.exec(name);
    return m ? [{ path: join(dir, name), pid: Number(m[1]), tag: m[2] ?? "" }] : [];
  });
}
