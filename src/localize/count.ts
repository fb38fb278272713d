import { countTokens } from "gpt-tokenizer/encoding/cl100k_base";

export type CountTokens = (text: string) => Promise<number> | number;

const NONE = new Set<string>();

/**
 * cl100k (OpenAI-family) count, the local default. Special-token text such as `<|endoftext|>` in a
 * hostile file is counted as plain text instead of throwing.
 */
export function countCl100k(text: string): number {
  return countTokens(text, { disallowedSpecial: NONE });
}
