/**
 * One `<<<<<<< SEARCH` … `=======` … `>>>>>>> REPLACE` block. The divider and the closer repeat the
 * opener's length, so code that holds a line of seven `=` can be quoted with eight-character markers.
 * When a block still holds several divider lines, the divider is the last one whose search part occurs
 * in the current file (a file with a `=======` line in the searched part); with no file to look at, or
 * none occurring, the block is refused as ambiguous rather than guessed.
 *
 * Exports: `readSearchReplace(lines, open, n, path, read)`, `SearchReplace`.
 */

import { isDivider, isReplaceCloser } from "./markers.ts";
import { BlockProblem } from "./problem.ts";

export interface SearchReplace {
  search: string;
  replace: string;
  /** The index of the line after the closer. */
  next: number;
}

/** `lines[open]` is the opener; `n` its number of `<`; `read` gives the file's current text if known. */
export function readSearchReplace(
  lines: readonly string[],
  open: number,
  n: number,
  path: string,
  read: ((path: string) => string | undefined) | undefined,
): SearchReplace {
  const dividers: number[] = [];
  let close = -1;
  for (let i = open + 1; i < lines.length; i++) {
    const line = lines[i] ?? "";
    if (isDivider(line, n)) dividers.push(i);
    else if (dividers.length > 0 && isReplaceCloser(line, n)) {
      close = i;
      break;
    }
  }
  const marker = `${"<".repeat(n)} SEARCH`;
  if (close < 0) {
    const what = dividers.length === 0 ? `${"=".repeat(n)} and ` : "";
    throw new BlockProblem(
      open,
      `the ${marker} block for ${path} is never closed: no ${what}${">".repeat(n)} REPLACE after it`,
    );
  }
  const divider = pickDivider(lines, open, dividers, path, read, n);
  return {
    search: joinLines(lines.slice(open + 1, divider)),
    replace: joinLines(lines.slice(divider + 1, close)),
    next: close + 1,
  };
}

function pickDivider(
  lines: readonly string[],
  open: number,
  dividers: readonly number[],
  path: string,
  read: ((path: string) => string | undefined) | undefined,
  n: number,
): number {
  const only = dividers[0] ?? open + 1;
  if (dividers.length === 1) return only;
  const file = read?.(path)?.replace(/\r\n/g, "\n");
  const found =
    file === undefined
      ? []
      : dividers.filter((d) => file.includes(joinLines(lines.slice(open + 1, d)).replace(/\r\n/g, "\n")));
  const last = found.at(-1);
  if (last !== undefined) return last;
  const at = dividers.map((d) => d + 1).join(", ");
  const longer = n + 1;
  throw new BlockProblem(
    open,
    `the block for ${path} has ${dividers.length} divider lines (lines ${at}); write its markers with ${longer} characters (${"<".repeat(longer)} SEARCH, ${"=".repeat(longer)}, ${">".repeat(longer)} REPLACE) so that only one line divides it`,
  );
}

/** Block lines as text: each line keeps its own ending, and the text ends with a newline. */
export function joinLines(lines: readonly string[]): string {
  return lines.length === 0 ? "" : `${lines.join("\n")}\n`;
}
