import { ForgeError } from "../../errors/index.ts";
import type { RepoRef } from "../port.ts";

interface RequestErrorLike {
  status?: unknown;
  message?: unknown;
  response?: { data?: unknown; headers?: Record<string, unknown> };
}

/**
 * GitHub answers its rate limits (primary and secondary) with 403 as well as 429. The throttling plugin
 * waits out short ones; one it gave up on is still worth a later attempt, unlike a real 403.
 */
function rateLimited(error: RequestErrorLike, status: number | undefined): boolean {
  if (status !== 403 && status !== 429) return false;
  const headers = error.response?.headers ?? {};
  if (String(headers["x-ratelimit-remaining"]) === "0" || headers["retry-after"] !== undefined) return true;
  return /rate limit/i.test(reasonOf(error));
}

/** GitHub's own words for a failure: the message plus any validation details, on one line. */
function reasonOf(error: RequestErrorLike): string {
  const data = error.response?.data as { message?: unknown; errors?: unknown } | undefined;
  const base = typeof data?.message === "string" ? data.message : String(error.message ?? "request failed");
  const details = Array.isArray(data?.errors)
    ? data.errors
        .map((item: { message?: unknown; field?: unknown; code?: unknown }) =>
          typeof item?.message === "string" ? item.message : [item?.field, item?.code].filter(Boolean).join(" "),
        )
        .filter((text) => text.length > 0)
    : [];
  return [base, ...details].join(": ").replace(/\s+/g, " ").trim();
}

/** Runs one API call; any failure becomes a ForgeError naming the call and the repository. */
export async function forgeCall<T>(call: string, ref: RepoRef, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof ForgeError) throw error;
    const failure = error as RequestErrorLike;
    const status = typeof failure.status === "number" ? failure.status : undefined;
    const where = `${ref.owner}/${ref.repo}`;
    const prefix = status === undefined ? "" : `${status} `;
    throw new ForgeError(`GitHub ${call} failed for ${where}: ${prefix}${reasonOf(failure)}`, {
      cause: error,
      where,
      ...(status === undefined ? {} : { status }),
      ...(rateLimited(failure, status) ? { retryable: true } : {}),
    });
  }
}

export function statusOf(error: unknown): number | undefined {
  return error instanceof ForgeError ? error.status : undefined;
}
