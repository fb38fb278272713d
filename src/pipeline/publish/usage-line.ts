import { formatUsd } from "../../text/usd.ts";
import type { UsageTotals } from "../types.ts";

/** `3 model calls, 12000 tokens in (9000 from cache), 700 out: $0.0123` (or `cost unknown`), for people. */
export function usageLine(
  usage: Pick<UsageTotals, "calls" | "inputTokens" | "outputTokens" | "costUsd"> & {
    cacheReadTokens?: number | undefined;
  },
): string {
  const calls = `${usage.calls.length} model call${usage.calls.length === 1 ? "" : "s"}`;
  const cached = usage.cacheReadTokens ? ` (${usage.cacheReadTokens} from cache)` : "";
  return `${calls}, ${usage.inputTokens} tokens in${cached}, ${usage.outputTokens} out: ${formatUsd(usage.costUsd)}`;
}
