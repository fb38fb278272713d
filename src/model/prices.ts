/**
 * The price table: US dollars per million tokens for the hosted models booty names, matched by the
 * longest model-name prefix (so dated snapshots such as claude-haiku-4-5-20251001 find their family).
 * Each row says when it was checked and where; update a row (and its date) when a vendor changes a price.
 * Cache write is the 5-minute write on Anthropic; OpenAI does not charge cache writes above input.
 *
 * Exports: `PRICE_TABLE`, `PriceRow`.
 */
export interface PriceRow {
  provider: string;
  /** A model-name prefix; the longest matching prefix wins. */
  model: string;
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
  /** When the row was checked (YYYY-MM-DD). */
  date: string;
  source: string;
}

const ANTHROPIC = "https://docs.anthropic.com/en/docs/about-claude/pricing";
const OPENAI = "https://platform.openai.com/docs/pricing";

const anthropic = (model: string, input: number, output: number): PriceRow => ({
  provider: "anthropic",
  model,
  input,
  output,
  // Anthropic's cache multipliers: reads at 0.1x input, 5-minute writes at 1.25x input.
  cacheRead: input / 10,
  cacheWrite: input * 1.25,
  date: "2025-11-24",
  source: ANTHROPIC,
});

const openai = (model: string, input: number, output: number, cacheRead: number): PriceRow => ({
  provider: "openai",
  model,
  input,
  output,
  cacheRead,
  cacheWrite: input,
  date: "2025-12-11",
  source: OPENAI,
});

export const PRICE_TABLE: readonly PriceRow[] = [
  anthropic("claude-opus-4-6", 5, 25),
  anthropic("claude-opus-4-5", 5, 25),
  anthropic("claude-opus-4", 15, 75),
  anthropic("claude-sonnet-4", 3, 15),
  anthropic("claude-haiku-4", 1, 5),
  anthropic("claude-3-5-haiku", 0.8, 4),
  openai("gpt-4o-mini", 0.15, 0.6, 0.075),
  openai("gpt-4o", 2.5, 10, 1.25),
  openai("gpt-4.1-nano", 0.1, 0.4, 0.025),
  openai("gpt-4.1-mini", 0.4, 1.6, 0.1),
  openai("gpt-4.1", 2, 8, 0.5),
  openai("gpt-5-nano", 0.05, 0.4, 0.005),
  openai("gpt-5-mini", 0.25, 2, 0.025),
  openai("gpt-5.2", 1.75, 14, 0.175),
  openai("gpt-5.1", 1.25, 10, 0.125),
  openai("gpt-5", 1.25, 10, 0.125),
];
