import { describeError } from "../errors/index.ts";
import type { Forge, RepoRef } from "../forge/index.ts";
import type { Logger } from "../log/logger.ts";
import type { ProgressObserver } from "../pipeline/progress.ts";
import type { JobError, JobRecord } from "../queue/index.ts";
import { MARKERS } from "./comments.ts";
import { StatusLines, withProgress } from "./status-text.ts";
import { type Clock, createStatusWriter } from "./status-writer.ts";

/** The job's status comment as the run moves: the pipeline's observer, and the final text. */
export interface StatusComment {
  observe: ProgressObserver;
  /** Writes the final text (with the steps so far) once the gap since the last edit has passed, or `signal` aborts. */
  finish(head: string, o?: { error?: JobError | undefined; signal?: AbortSignal | undefined }): Promise<void>;
  abandon(): void;
}

/**
 * Edits the status comment (just written with `head`) as the pipeline reports its steps, at most once
 * per 5 seconds. Every text keeps `head`, which links the pull request an earlier run opened, if any.
 */
export function statusComment(o: {
  forge: Forge;
  ref: RepoRef;
  job: JobRecord;
  head: string;
  clock: Clock;
  logger: Logger;
  /** Which of booty's comments on `job.issueNumber` this is: the issue job's `started` unless told. */
  marker?: string;
}): StatusComment {
  const { forge, ref, job } = o;
  const lines = new StatusLines({ issue: job.issueNumber, repo: job.repo, review: job.command === "review" });
  const writer = createStatusWriter({
    clock: o.clock,
    lastWriteAt: o.clock.now(),
    write: async (body) => {
      await forge.ensureComment(ref, job.issueNumber, { marker: o.marker ?? MARKERS.started, body });
    },
    onError: (e) => o.logger.warn({ err: describeError(e) }, "could not update the status comment"),
  });
  return {
    observe(event) {
      if (lines.add(event)) writer.update(withProgress(o.head, lines));
    },
    finish(head, { error, signal } = {}) {
      if (error) lines.failed(error);
      return writer.finish(withProgress(head, lines), signal);
    },
    abandon: () => writer.abandon(),
  };
}
