import { ForgeError } from "../../errors/index.ts";
import type { RepoRef } from "../port.ts";

interface RequestErrorLike {
  status?: unknown;
  message?: unknown;
  response?: { data?: unknown };
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
    });
  }
}

export function statusOf(error: unknown): number | undefined {
  return error instanceof ForgeError ? error.status : undefined;
}
