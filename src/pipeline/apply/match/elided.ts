import { trimBlankEdges } from "./edges.ts";
import { splitElided } from "./elision.ts";
import { shiftedPlaces } from "./shifted.ts";
import type { Block, Placement } from "./types.ts";

/** Chains beyond the second only make the "matches several places" message longer. */
const MAX_CHAINS = 2;

export interface Elided {
  pieces: Block[];
  /** Each chain places every piece, in order and without overlap; more than one means ambiguous. */
  chains: Placement[][];
  spans: { start: number; end: number }[];
}

/**
 * Places the pieces of an elided block, each found like the indentation rung finds a whole block, the
 * first one anywhere and each next one at its first occurrence after the one before.
 */
export function elidedPlaces(file: readonly string[], block: Block): Elided | undefined {
  const split = splitElided(block);
  if (split === undefined) return undefined;
  // A blank line at a piece's edge may be one the file has (and the replacement removes): try it as written.
  const pieces = split.map((piece) =>
    shiftedPlaces(file, piece.search, true).length > 0 ? piece : trimBlankEdges(piece),
  );
  if (pieces.some((piece) => piece.search.length === 0)) return undefined;
  const options = pieces.map((piece) => shiftedPlaces(file, piece.search, true));
  const chains: Placement[][] = [];
  const walk = (index: number, after: number, chain: Placement[]) => {
    if (chains.length >= MAX_CHAINS) return;
    if (index === options.length) {
      chains.push(chain);
      return;
    }
    const later = (options[index] ?? []).filter((place) => place.start >= after);
    // An elision reaches to the next piece's nearest occurrence; only the first piece may be anywhere.
    for (const place of index === 0 ? later : later.slice(0, 1)) walk(index + 1, place.end, [...chain, place]);
  };
  walk(0, 0, []);
  if (chains.length === 0) return undefined;
  const spans = chains.map((chain) => ({
    start: (chain[0]?.start ?? 0) + 1,
    end: chain[chain.length - 1]?.end ?? 1,
  }));
  return { pieces, chains, spans };
}
