import { isBlank } from "./lines.ts";
import type { Block } from "./types.ts";

/**
 * Drops blank lines at the edges of the search, and as many at the same edge of the replacement: a blank
 * line the model put around its block is not a line it meant to match or to keep.
 */
export function trimBlankEdges(block: Block): Block {
  const lead = countWhile(block.search, isBlank);
  const trail = lead === block.search.length ? 0 : countWhile([...block.search].reverse(), isBlank);
  const replaceLead = Math.min(lead, countWhile(block.replace, isBlank));
  const rest = block.replace.slice(replaceLead);
  const replaceTrail = Math.min(trail, countWhile([...rest].reverse(), isBlank));
  return {
    search: block.search.slice(lead, block.search.length - trail),
    replace: rest.slice(0, rest.length - replaceTrail),
  };
}

function countWhile(lines: readonly string[], test: (line: string) => boolean): number {
  let count = 0;
  while (count < lines.length && test(lines[count] ?? "")) count++;
  return count;
}
