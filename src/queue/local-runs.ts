/**
 * `booty run`'s jobs in the data dir. A run never opens the database: the embedded one admits a single
 * process, and `booty serve` may hold it. Each run appends one JSON line to `<dataDir>/runs.jsonl`
 * instead (one write, O_APPEND), and whoever serves the dashboard over the data dir imports new lines
 * into the store (`LocalRunsFile.read` from where it stopped; the import is idempotent by job id).
 * The file is capped: a run that finds it past `MAX_BYTES` first renames it to runs.1.jsonl (replacing the
 * one before), so the data dir keeps the newest runs, at most about twice that, and readers read both.
 */
import { appendFile, type FileHandle, mkdir, open, rename, stat } from "node:fs/promises";
import { join } from "node:path";
import { jobIdFor } from "./job-id.ts";
import type { RecordedRun, StoredReport } from "./store.ts";

/** One `booty run`, as its line in the file says it. */
export interface LocalRun {
  id: string;
  /** The repository: its path, or its URL without credentials. */
  repo: string;
  issueNumber: number;
  title: string;
  actor: string;
  startedAt: string;
  finishedAt: string;
  status: "succeeded" | "failed";
  error: { message: string; code?: string; retryable?: boolean } | null;
  branch: string | null;
  report: StoredReport;
}

export const localRunsPath = (dataDir: string): string => join(dataDir, "runs.jsonl");
/** The runs before the newest: imported by then wherever a dashboard or `booty jobs` looked. */
const olderRunsPath = (dataDir: string): string => join(dataDir, "runs.1.jsonl");
/** Thousands of runs (a line is a report: some kB, more with a long diff). */
export const MAX_BYTES = 16 * 1024 * 1024;

/** A run's job id: derived from its run id, as a delivery's is from the delivery's. */
export const localJobId = (runId: string): string => jobIdFor(`booty-run:${runId}`);

export async function appendLocalRun(dataDir: string, run: LocalRun, maxBytes = MAX_BYTES): Promise<void> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const path = localRunsPath(dataDir);
  const size = await stat(path).then(
    (s) => s.size,
    () => 0,
  );
  // A rename is atomic: a run appending meanwhile writes to the file now named runs.1.jsonl, still read.
  // Two runs rotating at once: the second finds the file gone or new, and loses nothing of its own.
  if (size >= maxBytes) await rename(path, olderRunsPath(dataDir)).catch(() => {});
  await appendFile(path, `${JSON.stringify(run)}\n`, { mode: 0o600 });
}

/** The repository as a job names it: a URL loses any user and password it carried. */
export function localRepoName(source: string): string {
  try {
    const url = new URL(source);
    if (url.protocol === "file:" || url.host !== "") return `${url.protocol}//${url.host}${url.pathname}`;
  } catch {
    // not a URL: a path
  }
  return source;
}

/** The attempt a local run is recorded as (it has one). */
export function localAttempt(run: LocalRun): RecordedRun {
  return {
    jobId: run.id,
    attempt: 1,
    startedAt: new Date(run.startedAt),
    finishedAt: new Date(run.finishedAt),
    status: run.status,
    error: run.error ? { retryable: false, ...run.error } : null,
    report: run.report,
  };
}

/**
 * Reads the files' new whole lines since the last read; a line still being written waits for the next.
 * Where each file was read to is kept by its identity (inode and first bytes: an inode is reused once a
 * file is gone), so that a rotation (appendLocalRun) neither skips lines nor reads a new file from the middle.
 */
export class LocalRunsFile {
  readonly path: string;
  readonly #older: string;
  #offsets = new Map<string, number>();

  constructor(dataDir: string) {
    this.path = localRunsPath(dataDir);
    this.#older = olderRunsPath(dataDir);
  }

  async read(): Promise<LocalRun[]> {
    const runs: LocalRun[] = [];
    const offsets = new Map<string, number>();
    for (const path of [this.#older, this.path]) {
      const file = await open(path, "r").catch(() => null);
      if (!file) continue;
      try {
        const { size, ino } = await file.stat();
        const head = Buffer.alloc(Math.min(64, size));
        await file.read(head, 0, head.length, 0);
        const key = `${ino}:${head.toString("latin1")}`;
        const { lines, offset } = await newLines(file, offsets.get(key) ?? this.#offsets.get(key) ?? 0, size);
        offsets.set(key, offset);
        runs.push(...lines);
      } finally {
        await file.close();
      }
    }
    this.#offsets = offsets;
    return runs;
  }
}

/** The whole lines from `offset` to `size`, and where the next read starts. */
async function newLines(
  file: FileHandle,
  offset: number,
  size: number,
): Promise<{ lines: LocalRun[]; offset: number }> {
  if (size <= offset) return { lines: [], offset };
  const buffer = Buffer.alloc(size - offset);
  await file.read(buffer, 0, buffer.length, offset);
  const end = buffer.lastIndexOf(0x0a);
  if (end < 0) return { lines: [], offset };
  const lines = buffer
    .subarray(0, end)
    .toString("utf8")
    .split("\n")
    .flatMap((line) => parseLine(line));
  return { lines, offset: offset + end + 1 };
}

function parseLine(line: string): LocalRun[] {
  try {
    const run = JSON.parse(line) as LocalRun;
    const ok = typeof run.id === "string" && /^[0-9a-f-]{36}$/.test(run.id) && typeof run.repo === "string";
    return ok && typeof run.report === "object" && run.report !== null ? [run] : [];
  } catch {
    return []; // a torn line (a run killed mid-write) is skipped; the rest still count
  }
}
