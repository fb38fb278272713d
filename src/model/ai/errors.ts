/**
 * Turns AI SDK and network failures into ModelUnavailableError with a one-line message naming the
 * provider URL and status. Overload, rate limits, 5xx and dropped connections are retryable; a bad key
 * or a bad request is not.
 *
 * Exports: `toModelUnavailable(error, where)`.
 */
import { APICallError, RetryError } from "ai";
import { ModelUnavailableError } from "../../errors/index.ts";
import { oneLine } from "../../text/clip.ts";

export function toModelUnavailable(error: unknown, where: string): ModelUnavailableError {
  const last = RetryError.isInstance(error) ? error.lastError : error;
  if (APICallError.isInstance(last)) {
    const status = last.statusCode;
    const detail = oneLine(last.message, 300, "...");
    if (status === undefined) {
      return new ModelUnavailableError(`cannot reach the model provider at ${last.url}: ${detail}`, {
        where,
        cause: error,
        retryable: true,
      });
    }
    const retryable = status === 408 || status === 409 || status === 429 || status >= 500;
    return new ModelUnavailableError(`model provider answered ${status} at ${last.url}: ${detail}`, {
      where,
      cause: error,
      retryable,
    });
  }
  const name = (last as { name?: unknown } | null)?.name;
  const timedOut = name === "TimeoutError" || name === "AbortError";
  return new ModelUnavailableError(
    `${timedOut ? "model call timed out" : "model call failed"}: ${oneLine(last instanceof Error ? last.message : String(last), 300, "...")}`,
    { where, cause: error, retryable: timedOut },
  );
}
