/**
 * `booty run`'s jobs in the data dir. A run never opens the database: the embedded one admits a single
 * process, and `booty serve` may hold it. Each run appends one JSON line to `<dataDir>/runs.jsonl`
 * instead (one write, O_APPEND), and whoever serves the dashboard over the data dir imports new lines
 * into the store (`LocalRunsFile.read` from where it stopped; the import is idempotent by job id).
 */
import { appendFile, mkdir, open } from "node:fs/promises";
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

/** A run's job id: derived from its run id, as a delivery's is from the delivery's. */
export const localJobId = (runId: string): string => jobIdFor(`booty-run:${runId}`);

export async function appendLocalRun(dataDir: string, run: LocalRun): Promise<void> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  await appendFile(localRunsPath(dataDir), `${JSON.stringify(run)}\n`, { mode: 0o600 });
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

/** Reads the file's new whole lines since the last read; a line still being written waits for the next. */
export class LocalRunsFile {
  readonly path: string;
  #offset = 0;

  constructor(dataDir: string) {
    this.path = localRunsPath(dataDir);
  }

  async read(): Promise<LocalRun[]> {
    const file = await open(this.path, "r").catch(() => null);
    if (!file) return [];
    try {
      const { size } = await file.stat();
      if (size <= this.#offset) return [];
      const buffer = Buffer.alloc(size - this.#offset);
      await file.read(buffer, 0, buffer.length, this.#offset);
      const end = buffer.lastIndexOf(0x0a);
      if (end < 0) return [];
      this.#offset += end + 1;
      return buffer
        .subarray(0, end)
        .toString("utf8")
        .split("\n")
        .flatMap((line) => parseLine(line));
    } finally {
      await file.close();
    }
  }
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
