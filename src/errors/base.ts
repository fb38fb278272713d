/**
 * Every error booty raises on purpose is a BootyError: it says where it happened and whether trying the
 * same thing again can help, so the queue never retries a permanent failure and never gives up on a
 * passing one. Callers branch on the class or `code`, never on message text.
 */
export interface BootyErrorOptions {
  cause?: unknown;
  /** The file, step, variable or URL the error is about; shown in the one-line message. */
  where?: string;
}

export abstract class BootyError extends Error {
  abstract readonly code: string;
  abstract readonly retryable: boolean;
  readonly where: string | undefined;

  constructor(message: string, options: BootyErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.where = options.where;
  }

  /** One line for a terminal or a comment: what failed and where. */
  oneLine(): string {
    const text = this.message.replace(/\s*\n\s*/g, " ").trim();
    return this.where && !text.includes(this.where) ? `${text} (${this.where})` : text;
  }
}

export function isBootyError(error: unknown): error is BootyError {
  return error instanceof BootyError;
}

/** The one line to show for any thrown value. */
export function describeError(error: unknown): string {
  if (isBootyError(error)) return error.oneLine();
  if (error instanceof Error) return error.message.split("\n")[0] ?? error.name;
  return String(error);
}

/**
 * Unknown errors count as retryable only when they look like a dropped connection. A full disk, a
 * quota or a descriptor limit is the host's trouble, not the issue's: retryable whatever class wraps it.
 */
export function isRetryable(error: unknown): boolean {
  if (isResourceExhausted(error)) return true;
  if (isBootyError(error)) return error.retryable;
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && ["ECONNRESET", "ECONNREFUSED", "ETIMEDOUT", "EPIPE", "EAI_AGAIN"].includes(code);
}

const EXHAUSTED_CODES = new Set(["ENOSPC", "EDQUOT", "EMFILE", "ENFILE"]);
/** How the same conditions read in a child's stderr (git, tar) that reached booty as text. */
export const EXHAUSTED_TEXT = /no space left on device|disk quota exceeded|too many open files/i;

/** True when `error`, or an error in its cause chain, is a full disk, a quota or a descriptor limit. */
export function isResourceExhausted(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current !== null && typeof current === "object"; depth++) {
    const { code, message, cause } = current as { code?: unknown; message?: unknown; cause?: unknown };
    if (typeof code === "string" && EXHAUSTED_CODES.has(code)) return true;
    if (typeof message === "string" && EXHAUSTED_TEXT.test(message)) return true;
    current = cause;
  }
  return false;
}
