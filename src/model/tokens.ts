/**
 * Local token counting, for providers without a count endpoint and as the fallback when one fails.
 *
 * Exports: `countTokensLocal(text, encoding?)`, `estimateTokens(text, encoding?)`, `encodingFor(modelName)`,
 * `TokenEncoding`.
 * The count is exact for the chosen BPE encoding; callers estimating another vendor's tokens add their
 * own safety margin.
 */
import { countTokens as countCl100k } from "gpt-tokenizer/encoding/cl100k_base";
import { countTokens as countO200k } from "gpt-tokenizer/encoding/o200k_base";

export type TokenEncoding = "cl100k" | "o200k";

// Text from issues and repositories may contain "<|endoftext|>"; count it as plain text, never throw.
const PLAIN = { disallowedSpecial: new Set<string>() };

export function countTokensLocal(text: string, encoding: TokenEncoding = "cl100k"): number {
  if (text === "") return 0;
  return encoding === "o200k" ? countO200k(text, PLAIN) : countCl100k(text, PLAIN);
}

/** o200k for the model families that use it (gpt-4o, gpt-4.1, gpt-5, o-series); cl100k for the rest. */
export function encodingFor(modelName: string): TokenEncoding {
  return /^(gpt-4o|gpt-4\.1|gpt-5|chatgpt-4o|o\d)/i.test(modelName) ? "o200k" : "cl100k";
}

/** A local count made safe for budgets: another vendor's tokenizer may count up to ~10% more. */
export function estimateTokens(text: string, encoding: TokenEncoding = "cl100k"): number {
  return Math.ceil(countTokensLocal(text, encoding) * 1.1);
}
