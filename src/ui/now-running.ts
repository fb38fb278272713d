import type { ProgressEvent } from "../pipeline/progress.ts";

/** What a running job is doing, in a few words, and since when (ISO). */
export interface Doing {
  what: string;
  since: string;
}

/** A progress event, which marks the end of a stage, as what the job does next. */
export function doingAfter(event: ProgressEvent): string {
  switch (event.step) {
    case "localized":
      return `analysing the issue (${event.files.length} files ranked)`;
    case "analysed":
      return "writing the change";
    case "editing":
      return `editing ${event.files.length} file${event.files.length === 1 ? "" : "s"}`;
    case "testing":
      return `running the tests, round ${event.round}`;
    case "tested":
      return event.passed ? `tests passed in round ${event.round}` : `round ${event.round} failed: fixing the change`;
    case "publishing":
      return "publishing the change";
  }
}

/**
 * Where each job this process runs is, as its pipeline tells (the same events as its status comment):
 * what the dashboard shows beside "running", which the store only knows once an attempt ends. One per
 * process, held by booty serve, which runs the jobs and serves the dashboard; `booty ui` has none.
 */
export class RunningSteps {
  readonly #doing = new Map<string, Doing>();
  #version = 0;

  note(jobId: string, event: ProgressEvent, at: Date = new Date()): void {
    this.#doing.set(jobId, { what: doingAfter(event), since: at.toISOString() });
    this.#version++;
  }

  /** The job's attempt ended (the store has it now). */
  done(jobId: string): void {
    if (this.#doing.delete(jobId)) this.#version++;
  }

  doing(jobId: string): Doing | null {
    return this.#doing.get(jobId) ?? null;
  }

  /** Moves whenever any job's step does: the live feed's pages fetch themselves again. */
  get version(): number {
    return this.#version;
  }
}
