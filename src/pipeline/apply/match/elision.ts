import type { Block } from "./types.ts";

/**
 * `...`, `…`, `# ... existing code ...`, `// ... rest unchanged ...`, `/* ... *\/`, `<!-- ... -->`: a line
 * that stands for unchanged lines the model did not copy.
 */
const MARKER =
  /^\s*(?:(?:#|\/\/|--|;|\/\*|<!--|\*)\s*)?(?:\.\.\.|…)(?:\s*[A-Za-z][\w ,'-]*)?(?:\s*(?:\.\.\.|…))?\s*(?:\*\/|-->)?\s*$/;

export function isElision(line: string): boolean {
  return MARKER.test(line);
}

/**
 * Splits a block at its elision lines into pieces that are each a search/replace pair of their own. The
 * search and the replacement must elide at the same number of places, the n-th gap of one standing for
 * the n-th gap of the other; otherwise the block is not an elision (undefined).
 */
export function splitElided(block: Block): Block[] | undefined {
  const search = pieces(block.search);
  const replace = pieces(block.replace);
  if (search.length < 2 || search.length !== replace.length) return undefined;
  const out: Block[] = [];
  for (const [i, piece] of search.entries()) {
    const swap = replace[i] ?? [];
    if (piece.every((line) => line.trim() === "")) {
      if (swap.some((line) => line.trim() !== "")) return undefined; // new text with nothing to anchor it
      continue;
    }
    out.push({ search: piece, replace: swap });
  }
  return out.length > 0 ? out : undefined;
}

function pieces(lines: readonly string[]): string[][] {
  const out: string[][] = [[]];
  for (const line of lines) {
    if (isElision(line)) out.push([]);
    else out[out.length - 1]?.push(line);
  }
  return out;
}
