import { countTokens } from "gpt-tokenizer/encoding/cl100k_base";

export type CountTokens = (text: string) => Promise<number> | number;

const NONE = new Set<string>();
/** BPE merging is quadratic in the length of one word: a 100 kB run without spaces must be cut up. */
const CHUNK = 4096;

/**
 * cl100k (OpenAI-family) count, the local default. Special-token text such as `<|endoftext|>` in a
 * hostile file is counted as plain text instead of throwing. Long texts are counted in pieces cut at line
 * ends (exact) or, inside an overlong line, every CHUNK characters (over-counts by at most a token a cut).
 */
export function countCl100k(text: string): number {
  if (text.length <= CHUNK) return countTokens(text, { disallowedSpecial: NONE });
  let total = 0;
  let start = 0;
  while (start < text.length) {
    let end = Math.min(text.length, start + CHUNK);
    if (end < text.length) {
      const nl = text.lastIndexOf("\n", end);
      if (nl > start) end = nl + 1;
    }
    total += countTokens(text.slice(start, end), { disallowedSpecial: NONE });
    start = end;
  }
  return total;
}
