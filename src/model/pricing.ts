/**
 * US dollar prices per million tokens for current hosted models, matched by the longest name prefix.
 * Unknown models cost null rather than a guess; local and scripted models have no price at all.
 *
 * Exports: `priceFor(provider, modelName)`, `costOf(price, usage)`, `Price`.
 */
import type { Usage } from "./port.ts";

export interface Price {
  inputPerMillion: number;
  outputPerMillion: number;
}

const p = (inputPerMillion: number, outputPerMillion: number): Price => ({ inputPerMillion, outputPerMillion });

const TABLES: Record<string, ReadonlyArray<readonly [string, Price]>> = {
  anthropic: [
    ["claude-opus-4-5", p(5, 25)],
    ["claude-opus-4-6", p(5, 25)],
    ["claude-opus-4", p(15, 75)],
    ["claude-sonnet-4", p(3, 15)],
    ["claude-haiku-4", p(1, 5)],
  ],
  openai: [
    ["gpt-4o-mini", p(0.15, 0.6)],
    ["gpt-4o", p(2.5, 10)],
    ["gpt-4.1-nano", p(0.1, 0.4)],
    ["gpt-4.1-mini", p(0.4, 1.6)],
    ["gpt-4.1", p(2, 8)],
    ["gpt-5-nano", p(0.05, 0.4)],
    ["gpt-5-mini", p(0.25, 2)],
    ["gpt-5.2", p(1.75, 14)],
    ["gpt-5.1", p(1.25, 10)],
    ["gpt-5", p(1.25, 10)],
  ],
};

export function priceFor(provider: string, modelName: string): Price | null {
  const table = TABLES[provider];
  if (table === undefined) return null;
  // Anthropic names appear both as claude-sonnet-4-5 and claude-sonnet-4.5.
  const name = provider === "anthropic" ? modelName.replace(/\./g, "-") : modelName;
  let best: readonly [string, Price] | undefined;
  for (const entry of table) {
    if (name.startsWith(entry[0]) && (best === undefined || entry[0].length > best[0].length)) best = entry;
  }
  return best?.[1] ?? null;
}

export function costOf(price: Price | null, usage: Usage): number | null {
  if (price === null) return null;
  return (usage.inputTokens * price.inputPerMillion + usage.outputTokens * price.outputPerMillion) / 1_000_000;
}
