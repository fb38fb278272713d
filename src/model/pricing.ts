/**
 * Looks a model up in the price table (prices.ts) and prices a call's usage. Unknown models cost null
 * rather than a guess; local and scripted models have no price at all.
 *
 * Exports: `priceFor(provider, modelName, table?)`, `costOf(price, usage)`, `Price`.
 */
import type { Usage } from "./port.ts";
import { PRICE_TABLE, type PriceRow } from "./prices.ts";

/** US dollars per million tokens. */
export interface Price {
  inputPerMillion: number;
  outputPerMillion: number;
  cacheReadPerMillion: number;
  cacheWritePerMillion: number;
}

export function priceFor(provider: string, modelName: string, table: readonly PriceRow[] = PRICE_TABLE): Price | null {
  // Anthropic names appear both as claude-sonnet-4-5 and claude-sonnet-4.5.
  const name = provider === "anthropic" ? modelName.replace(/\./g, "-") : modelName;
  let best: PriceRow | undefined;
  for (const row of table) {
    if (row.provider !== provider || !name.startsWith(row.model)) continue;
    if (best === undefined || row.model.length > best.model.length) best = row;
  }
  if (best === undefined) return null;
  return {
    inputPerMillion: best.input,
    outputPerMillion: best.output,
    cacheReadPerMillion: best.cacheRead,
    cacheWritePerMillion: best.cacheWrite,
  };
}

/** `usage.inputTokens` counts cached tokens too; those are priced at the cache rates instead. */
export function costOf(price: Price | null, usage: Usage): number | null {
  if (price === null) return null;
  const cacheRead = usage.cacheReadTokens ?? 0;
  const cacheWrite = usage.cacheWriteTokens ?? 0;
  const plainInput = Math.max(0, usage.inputTokens - cacheRead - cacheWrite);
  return (
    (plainInput * price.inputPerMillion +
      cacheRead * price.cacheReadPerMillion +
      cacheWrite * price.cacheWritePerMillion +
      usage.outputTokens * price.outputPerMillion) /
    1_000_000
  );
}
