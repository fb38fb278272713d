import type { Logger } from "../log/logger.ts";

/** A failing test as a check annotation can pin it: its name, and where it failed when a frame says so. */
export interface FailingTest {
  id: string;
  message: string;
  path?: string;
  line?: number;
}

/**
 * What a run tells an observer at its stage boundaries (the service's status comment and check). Small on
 * purpose: names and counts, never file contents or what the model wrote.
 */
export type ProgressEvent =
  | { step: "localized"; files: string[] }
  | { step: "analysed"; summary: string; files: string[] }
  | { step: "editing"; files: string[] }
  | { step: "testing"; round: number }
  | { step: "tested"; round: number; passed: boolean; failing: FailingTest[] }
  | { step: "publishing"; verified: boolean | null };

export type ProgressObserver = (event: ProgressEvent) => void;

/** Tells the observer, if any; an observer that throws is logged and never stops the run. */
export function emitProgress(observer: ProgressObserver | undefined, event: ProgressEvent, log: Logger): void {
  if (!observer) return;
  try {
    observer(event);
  } catch (error) {
    log.warn({ err: error, step: event.step }, "the progress observer failed");
  }
}
