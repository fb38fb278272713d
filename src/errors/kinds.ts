import { BootyError, type BootyErrorOptions } from "./base.ts";

/** A setting is missing or invalid. Permanent until the operator fixes it. */
export class ConfigError extends BootyError {
  readonly code = "config";
  readonly retryable = false;
}

/** What the user asked for cannot be done as given (bad repo, empty issue, unknown branch...). */
export class InputError extends BootyError {
  readonly code = "input";
  readonly retryable = false;
}

/** A path was refused by the path policy. */
export class PolicyError extends BootyError {
  readonly code = "policy";
  readonly retryable = false;
}

/** The issue, or the files it needs, cannot fit the model's context budget. */
export class BudgetError extends BootyError {
  readonly code = "budget";
  readonly retryable = false;
}

/**
 * The job's spending cap (BOOTY_MAX_COST_USD, BOOTY_MAX_TOKENS or `.booty.yml`) would be passed by the
 * next model call; the job stops before making it. Retrying would spend the same again: not retryable.
 */
export class CostCapError extends BootyError {
  readonly code = "cost-cap";
  readonly retryable = false;
}

/** The model kept answering with something that fails the schema or cannot be applied. */
export class ModelOutputError extends BootyError {
  readonly code = "model-output";
  readonly retryable = false;
}

/** The model provider could not be reached or was overloaded; trying later may work. */
export class ModelUnavailableError extends BootyError {
  readonly code = "model-unavailable";
  readonly retryable: boolean;
  constructor(message: string, options: BootyErrorOptions & { retryable?: boolean } = {}) {
    super(message, options);
    this.retryable = options.retryable ?? true;
  }
}

/** A search/replace edit did not match exactly once. */
export class EditError extends BootyError {
  readonly code = "edit";
  readonly retryable = false;
  /**
   * The problem for a person (an issue comment, a run's summary), when `message` is written for the model:
   * the closest lines of the file and what to send instead are of no use on an issue.
   */
  readonly summary: string | undefined;
  constructor(message: string, options: BootyErrorOptions & { summary?: string } = {}) {
    super(message, options);
    this.summary = options.summary;
  }
}

/** Generated code does not parse. */
export class SyntaxCheckError extends BootyError {
  readonly code = "syntax";
  readonly retryable = false;
}

/** A git command failed. Network-ish failures (fetch, push) are retryable; the rest are not. */
export class GitError extends BootyError {
  readonly code = "git";
  readonly retryable: boolean;
  constructor(message: string, options: BootyErrorOptions & { retryable?: boolean } = {}) {
    super(message, options);
    this.retryable = options.retryable ?? false;
  }
}

/** A forge (GitHub) API call failed; 5xx, 429 and network errors are retryable. */
export class ForgeError extends BootyError {
  readonly code = "forge";
  readonly retryable: boolean;
  readonly status: number | undefined;
  constructor(message: string, options: BootyErrorOptions & { retryable?: boolean; status?: number } = {}) {
    super(message, options);
    this.status = options.status;
    this.retryable =
      options.retryable ?? (options.status === undefined || options.status >= 500 || options.status === 429);
  }
}

/** The sandbox could not run, or refused to run, repository code. */
export class SandboxError extends BootyError {
  readonly code = "sandbox";
  readonly retryable = false;
}

/** The actor who triggered the job may not. */
export class PermissionError extends BootyError {
  readonly code = "permission";
  readonly retryable = false;
}

/** The run was stopped from outside (a shutdown past its grace period); it can run again later. */
export class InterruptedError extends BootyError {
  readonly code = "interrupted";
  readonly retryable = true;
}

/** The client went away before its request was read: routine on the internet, worth a debug line. */
export class ClientGoneError extends BootyError {
  readonly code = "client-gone";
  readonly retryable = true;
}

/** A request body is larger than anything the sender may send (webhook bodies: 25 MB). */
export class BodyTooLargeError extends BootyError {
  readonly code = "body-too-large";
  readonly retryable = false;
}

/**
 * An attempt failed in a way another attempt may not: thrown back to pg-boss so that it schedules the
 * retry with its backoff, after the failure was recorded.
 */
export class RetryLaterError extends BootyError {
  readonly code = "retry-later";
  readonly retryable = true;
}

/**
 * The repository's tests cannot run at all (command not found, a missing module, no sandbox): found
 * before any model call, so nothing was spent. Permanent until the environment or `.booty.yml` changes.
 */
export class PreflightError extends BootyError {
  readonly code = "preflight";
  readonly retryable = false;
}

/**
 * Someone pushed to the pull request's branch while booty worked on it: booty never overwrites their
 * commits, and the next attempt starts again from the branch as it is then.
 */
export class BranchMovedError extends BootyError {
  readonly code = "branch-moved";
  readonly retryable = true;
}

/** A follow-up change that fails the repository's tests is not pushed onto a pull request. */
export class UnverifiedError extends BootyError {
  readonly code = "unverified";
  readonly retryable = false;
}
