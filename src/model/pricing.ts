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
  const row = table.find((r) => r.provider === provider && sameModel(name, r.model));
  if (row === undefined) return null;
  return {
    inputPerMillion: row.input,
    outputPerMillion: row.output,
    cacheReadPerMillion: row.cacheRead,
    cacheWritePerMillion: row.cacheWrite,
  };
}

/**
 * The row's model itself, or a dated snapshot or alias of it (claude-haiku-4-5-20251001,
 * gpt-5-mini-2025-08-07, claude-3-5-haiku-latest). A bare prefix is not enough: gpt-5.4 is not priced
 * like gpt-5, and a model newer than the table must cost "unknown", not a neighbour's price.
 */
function sameModel(name: string, model: string): boolean {
  if (name === model) return true;
  if (!name.startsWith(`${model}-`)) return false;
  return /^(\d{8}|\d{4}-\d{2}-\d{2}|latest)$/.test(name.slice(model.length + 1));
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
