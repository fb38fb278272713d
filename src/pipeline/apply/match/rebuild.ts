import { alignLines } from "./align.ts";
import type { Line } from "./lines.ts";
import type { Block, Placement } from "./types.ts";

/**
 * The new lines for the placed region: the model's change (search → replacement) carried over onto the
 * file's own lines. Lines the replacement keeps byte for byte come from the file, so a rung's tolerance
 * never leaks the model's copy of them into the result; new and changed lines are re-indented and lose
 * the trailing whitespace the model added everywhere. Undefined when the result would be a guess: a
 * removed line with no counterpart in the file, a new line the offset cannot re-indent, or new lines
 * next to file lines the search skipped (their order is unknown).
 */
export function rebuild(
  file: readonly Line[],
  placement: Placement,
  block: Block,
  same: (line: string) => string,
): string[] | undefined {
  const { pairs } = placement;
  const clean = noiseRemover(file, block.search, pairs);
  const fresh = (line: string) => {
    const indented = placement.reindent(line);
    return indented === undefined ? undefined : clean(indented);
  };
  const out: string[] = [];
  let next = placement.start;
  let inserted = false;
  // New lines right after a removed one take its place: their position is known even beside skipped lines.
  let replacing = false;
  const reach = (to: number): boolean => {
    if (inserted && to > next) return false;
    for (; next < to; next++) out.push(file[next]?.text ?? "");
    inserted = false;
    return true;
  };
  for (const op of alignLines(block.search.map(same), block.replace.map(same))) {
    if (op.kind === "ins") {
      const line = fresh(block.replace[op.b] ?? "");
      if (line === undefined) return undefined;
      out.push(line);
      inserted ||= !replacing;
      continue;
    }
    const at = pairs[op.a];
    replacing = op.kind === "del" && at !== undefined;
    if (at === undefined) {
      if (op.kind === "del") return undefined;
      continue;
    }
    if (!reach(at)) return undefined;
    if (op.kind === "keep") {
      // Equal once normalised but not as written (trailing spaces or a line's whitespace changed on purpose).
      const kept = block.search[op.a] === block.replace[op.b] ? file[at]?.text : fresh(block.replace[op.b] ?? "");
      if (kept === undefined) return undefined;
      out.push(kept);
    }
    next = at + 1;
  }
  return reach(placement.end) ? out : undefined;
}

/**
 * Trailing whitespace the model added to every line it copied: when each search line carries the same
 * extra suffix over its file line, new lines lose that suffix; when the extras disagree, new lines lose
 * all trailing whitespace; when the search added none, nothing changes.
 */
function noiseRemover(
  file: readonly Line[],
  search: readonly string[],
  pairs: readonly (number | undefined)[],
): (line: string) => string {
  const extras = new Set<string>();
  for (const [i, at] of pairs.entries()) {
    if (at === undefined) continue;
    const mine = trailing(search[i] ?? "");
    const theirs = trailing(file[at]?.text ?? "");
    if (mine === theirs) extras.add("");
    else extras.add(mine.startsWith(theirs) ? mine.slice(theirs.length) : "?");
  }
  extras.delete("");
  if (extras.size === 0) return (line) => line;
  const [only] = extras;
  if (extras.size === 1 && only !== undefined && only !== "?") {
    return (line) => (line.endsWith(only) ? line.slice(0, line.length - only.length) : line);
  }
  return (line) => line.replace(/[ \t]+$/, "");
}

function trailing(line: string): string {
  return /[ \t]*$/.exec(line)?.[0] ?? "";
}
