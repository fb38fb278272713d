import { alignLines } from "./align.ts";
import { indentOf, isBlank } from "./lines.ts";
import type { Placement } from "./types.ts";

/** Share of non-blank lines the search and the file region must have in common. */
export const MIN_SCORE = 0.8;
/** How far ahead of the best other place the chosen one must be. */
export const MIN_MARGIN = 0.15;
/** Fewer common lines than this say nothing about where a block belongs. */
const MIN_COMMON = 3;
/** Lines of slack on each side of a window: lines the model dropped or added. */
const SLACK = 3;
const FINALISTS = 8;
/** Larger blocks are not looked for loosely: the cost grows with the square of the size. */
const MAX_SEARCH_LINES = 400;

export function lineKey(line: string): string {
  return line.trim().replace(/\s+/g, " ");
}

export interface FuzzyPlace extends Placement {
  score: number;
}

/**
 * Places where the search's lines occur in order, with some lines missing, extra or different on
 * either side, best first. Lines are compared without their whitespace; a search line pairs with a file
 * line only when they are equal that way, so nothing is ever paired on a guess.
 */
export function fuzzyPlaces(file: readonly string[], search: readonly string[]): FuzzyPlace[] {
  const wanted = search.map(lineKey);
  const solid = wanted.filter((key) => key !== "").length;
  if (solid < MIN_COMMON || wanted.length > MAX_SEARCH_LINES) return [];
  const have = file.map(lineKey);
  const where = new Map<string, number[]>();
  for (const [at, key] of have.entries()) if (key !== "") where.set(key, [...(where.get(key) ?? []), at]);
  // Votes for a start line from every exact line hit, as a cheap first pass over the whole file.
  const votes = new Map<number, number>();
  for (const [i, key] of wanted.entries()) {
    for (const at of where.get(key) ?? []) votes.set(at - i, (votes.get(at - i) ?? 0) + 1);
  }
  const finalists = [...votes]
    .sort((a, b) => b[1] - a[1] || a[0] - b[0])
    .slice(0, FINALISTS)
    .map(([start]) => start);
  const seen = new Set<string>();
  const places: FuzzyPlace[] = [];
  for (const guess of finalists) {
    const from = Math.max(0, guess - SLACK);
    const to = Math.min(have.length, guess + wanted.length + SLACK);
    const place = placeIn(file, search, have, wanted, { from, to, solid });
    if (place === undefined || seen.has(`${place.start}:${place.end}`)) continue;
    seen.add(`${place.start}:${place.end}`);
    places.push(place);
  }
  return places.sort((a, b) => b.score - a.score || a.start - b.start);
}

function placeIn(
  file: readonly string[],
  search: readonly string[],
  have: readonly string[],
  wanted: readonly string[],
  window: { from: number; to: number; solid: number },
): FuzzyPlace | undefined {
  const { from, to, solid } = window;
  const pairs: (number | undefined)[] = wanted.map(() => undefined);
  let common = 0;
  for (const op of alignLines(wanted, have.slice(from, to))) {
    if (op.kind !== "keep") continue;
    pairs[op.a] = from + op.b;
    if (wanted[op.a] !== "") common++;
  }
  const paired = pairs.filter((at): at is number => at !== undefined);
  if (common < MIN_COMMON || paired.length === 0) return undefined;
  const start = Math.min(...paired);
  const end = Math.max(...paired) + 1;
  const region = have.slice(start, end).filter((key) => key !== "").length;
  const score = (2 * common) / (solid + region);
  return { start, end, pairs, score, reindent: sharedOffset(file, search, pairs) };
}

/** The indentation change every paired line agrees on, to re-indent new lines; none when they disagree. */
function sharedOffset(
  file: readonly string[],
  search: readonly string[],
  pairs: readonly (number | undefined)[],
): (line: string) => string | undefined {
  const offsets = new Set<string>();
  for (const [i, at] of pairs.entries()) {
    const line = search[i] ?? "";
    if (at === undefined || isBlank(line)) continue;
    const fi = indentOf(file[at] ?? "");
    const si = indentOf(line);
    if (fi.endsWith(si)) offsets.add(`+${fi.slice(0, fi.length - si.length)}`);
    else if (si.endsWith(fi)) offsets.add(`-${si.slice(0, si.length - fi.length)}`);
    else return () => undefined;
  }
  const [only] = offsets;
  if (offsets.size !== 1 || only === undefined) return (line) => (isBlank(line) ? "" : undefined);
  const prefix = only.slice(1);
  if (only.startsWith("+")) return (line) => (isBlank(line) ? "" : prefix + line);
  return (line) => {
    if (isBlank(line)) return "";
    return line.startsWith(prefix) ? line.slice(prefix.length) : undefined;
  };
}
