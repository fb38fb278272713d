/**
 * The price table: US dollars per million tokens for the hosted models booty names, matched by exact
 * name or a dated snapshot of it (claude-haiku-4-5-20251001 finds claude-haiku-4-5).
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
const ANTHROPIC_2026 = "https://deploybase.ai/articles/claude-api-pricing (2026-03-21, quoting Anthropic's page)";
const OPENAI_2026 = "https://deploybase.ai/articles/openai-pricing (2026-03, quoting OpenAI's page)";
const OPENAI_5_4 = "https://www.morphllm.com/openai-api-pricing (2026-06, quoting OpenAI's page)";
const CHECKED = "2026-12-02";

/** Anthropic's cache multipliers: reads at 0.1x input, 5-minute writes at 1.25x input, unless a row says otherwise. */
const anthropic = (
  model: string,
  input: number,
  output: number,
  source = ANTHROPIC,
  cacheWrite = input * 1.25,
): PriceRow => ({
  provider: "anthropic",
  model,
  input,
  output,
  cacheRead: input / 10,
  cacheWrite,
  date: CHECKED,
  source,
});

const openai = (model: string, input: number, output: number, cacheRead: number, source = OPENAI_2026): PriceRow => ({
  provider: "openai",
  model,
  input,
  output,
  cacheRead,
  cacheWrite: input,
  date: CHECKED,
  source,
});

/**
 * A row prices its model and that model's dated snapshots only (see pricing.ts): a model missing here costs
 * "unknown". Sonnet 4 and 4.5 cost more above 200K input tokens; booty's prompts stay below that.
 */
export const PRICE_TABLE: readonly PriceRow[] = [
  anthropic("claude-opus-4-6", 5, 25, ANTHROPIC_2026),
  anthropic("claude-opus-4-5", 5, 25, ANTHROPIC_2026),
  anthropic("claude-opus-4-1", 15, 75),
  anthropic("claude-opus-4", 15, 75),
  anthropic("claude-opus-4-0", 15, 75),
  anthropic("claude-sonnet-4-6", 3, 15, ANTHROPIC_2026),
  anthropic("claude-sonnet-4-5", 3, 15, ANTHROPIC_2026),
  anthropic("claude-sonnet-4", 3, 15),
  anthropic("claude-sonnet-4-0", 3, 15),
  anthropic("claude-3-7-sonnet", 3, 15),
  anthropic("claude-haiku-4-5", 1, 5, ANTHROPIC_2026),
  anthropic("claude-3-5-haiku", 0.8, 4),
  anthropic("claude-3-haiku", 0.25, 1.25, ANTHROPIC, 0.3),
  openai("gpt-4o-mini", 0.15, 0.6, 0.075),
  openai("gpt-4o", 2.5, 10, 1.25),
  openai("gpt-4.1-nano", 0.1, 0.4, 0.025),
  openai("gpt-4.1-mini", 0.4, 1.6, 0.1),
  openai("gpt-4.1", 2, 8, 0.5),
  openai("gpt-5-nano", 0.05, 0.4, 0.005),
  openai("gpt-5-mini", 0.25, 2, 0.025),
  openai("gpt-5", 1.25, 10, 0.125),
  openai("gpt-5.1", 1.25, 10, 0.125),
  openai("gpt-5.4-nano", 0.2, 1.25, 0.02, OPENAI_5_4),
  openai("gpt-5.4-mini", 0.75, 4.5, 0.075, OPENAI_5_4),
  openai("gpt-5.4", 2.5, 15, 0.25, OPENAI_5_4),
  openai("gpt-5.5", 5, 30, 0.5, OPENAI_5_4),
];
