import { describeError, isBootyError, isRetryable } from "./base.ts";

/** How a failed run or job is recorded and reported: one line, the error's code, whether to try again. */
export interface JobError {
  message: string;
  /** A BootyError's code; absent for anything else. */
  code?: string | undefined;
  retryable?: boolean | undefined;
}

/**
 * The one translation of a thrown value into a JobError, for the pipeline's report, the job runner and
 * the worker alike: they used to differ on the code of errors that are not booty's own.
 */
export function toJobError(error: unknown): JobError {
  return {
    message: describeError(error),
    ...(isBootyError(error) ? { code: error.code } : {}),
    retryable: isRetryable(error),
  };
}
