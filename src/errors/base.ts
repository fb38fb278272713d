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

/** Unknown errors count as retryable only when they look like a dropped connection. */
export function isRetryable(error: unknown): boolean {
  if (isBootyError(error)) return error.retryable;
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && ["ECONNRESET", "ECONNREFUSED", "ETIMEDOUT", "EPIPE", "EAI_AGAIN"].includes(code);
}
