import type { CountTokens } from "./count.ts";

/** SWE-bench's rendering: `[start of PATH]`, each line prefixed with its number, `[end of PATH]`. */
export function renderFile(path: string, text: string): string {
  const lines = text.split("\n");
  if (lines.length > 1 && lines[lines.length - 1] === "") lines.pop();
  return `[start of ${path}]\n${lines.map((l, i) => `${i + 1} ${l}`).join("\n")}\n[end of ${path}]\n`;
}

/** Only the given 1-based line ranges, gaps shown as `...`. Ranges must be sorted and disjoint. */
export function renderRegions(path: string, text: string, ranges: readonly [number, number][]): string {
  const lines = text.split("\n");
  const out: string[] = [`[start of ${path}]`];
  let last = 0;
  for (const [from, to] of ranges) {
    if (from > last + 1) out.push("...");
    for (let n = from; n <= to && n <= lines.length; n++) out.push(`${n} ${lines[n - 1]}`);
    last = to;
  }
  if (last < lines.length) out.push("...");
  out.push(`[end of ${path}]`);
  return `${out.join("\n")}\n`;
}

/** Windows around interesting lines, merged; `before`/`after` lines of context each side. */
export function regionsAround(
  anchors: readonly { line: number; after: number }[],
  totalLines: number,
  context: number,
): [number, number][] {
  const spans = anchors
    .map(
      ({ line, after }) =>
        [Math.max(1, line - context), Math.min(totalLines, line + Math.max(after, context))] as [number, number],
    )
    .sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const s of spans) {
    const prev = merged[merged.length - 1];
    if (prev && s[0] <= prev[1] + 1) prev[1] = Math.max(prev[1], s[1]);
    else merged.push([s[0], s[1]]);
  }
  return merged;
}

export interface PackCandidate {
  path: string;
  text: string;
  /** Lines the issue points at in this file (frames, definitions and uses of mentioned names); lazy. */
  anchors: () => { line: number; after: number }[];
}

export interface PackedFile {
  path: string;
  text: string;
  tokens: number;
  partial: boolean;
}

/** Below this many tokens left, nothing useful fits any more. */
const MIN_USEFUL = 64;
// A cl100k token covers well under 8 characters of code on average; a text longer than 8 chars per token
// left cannot fit and is not worth tokenising in full.
const MAX_CHARS_PER_TOKEN = 8;
const WHOLE_FILE_SHARE = 0.3;

/**
 * Greedy packing in rank order, as in SWE-bench's protocol: a file that does not fit is skipped and the next
 * tried. A file too large for what is left contributes the regions around its anchors instead.
 */
export async function packFiles(
  candidates: readonly PackCandidate[],
  budget: number,
  reserved: number,
  count: CountTokens,
): Promise<{ packed: PackedFile[]; used: number }> {
  const packed: PackedFile[] = [];
  let used = reserved;
  // One file may take at most this share of the room for code: past it, several candidates' relevant
  // regions are worth more than one whole large file (the ranking is right within a few places, not at 1).
  const cap = Math.max(MIN_USEFUL, Math.floor((budget - reserved) * WHOLE_FILE_SHARE));
  for (const c of candidates) {
    const left = budget - used;
    if (left < MIN_USEFUL) break;
    const room = Math.min(left, cap);
    if (c.text.length <= room * MAX_CHARS_PER_TOKEN) {
      const whole = renderFile(c.path, c.text);
      const tokens = await count(whole);
      if (tokens <= room) {
        packed.push({ path: c.path, text: whole, tokens, partial: false });
        used += tokens;
        continue;
      }
    }
    const anchors = c.anchors();
    if (anchors.length === 0) continue;
    const total = c.text.split("\n").length;
    for (const context of [12, 5, 2]) {
      const part = renderRegions(c.path, c.text, regionsAround(anchors.slice(0, 24), total, context));
      if (part.length > room * MAX_CHARS_PER_TOKEN) continue;
      const tokens = await count(part);
      if (tokens <= room) {
        packed.push({ path: c.path, text: part, tokens, partial: true });
        used += tokens;
        break;
      }
    }
  }
  return { packed, used };
}
