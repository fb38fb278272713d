import { alignLines } from "./align.ts";
import { type Line, trimEnd } from "./lines.ts";
import type { Block, Placement } from "./types.ts";

/**
 * The new lines for the placed region: the model's change (search → replacement) carried over onto the
 * file's own lines. Lines the replacement keeps come from the file, byte for byte, so a rung's tolerance
 * never leaks the model's copy of them into the result; new lines are re-indented. Undefined when the
 * result would be a guess: a removed line with no counterpart in the file, a new line the offset cannot
 * re-indent, or new lines next to file lines the search skipped (their order is unknown).
 */
export function rebuild(
  file: readonly Line[],
  placement: Placement,
  block: Block,
  same: (line: string) => string,
): string[] | undefined {
  const { pairs } = placement;
  const noisy = block.search.some((line, i) => {
    const paired = pairs[i];
    return paired !== undefined && line !== trimEnd(line) && file[paired]?.text === trimEnd(file[paired]?.text ?? "");
  });
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
      const line = placement.reindent(block.replace[op.b] ?? "");
      if (line === undefined) return undefined;
      out.push(noisy ? trimEnd(line) : line);
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
    if (op.kind === "keep") out.push(file[at]?.text ?? "");
    next = at + 1;
  }
  return reach(placement.end) ? out : undefined;
}
