/**
 * The ladder's rungs, loosest last. Each rung also allows what the rungs before it allow, so a block with
 * both a wrong indentation and trailing spaces is found by `indentation`.
 */
export const RUNGS = ["exact", "whitespace", "indentation", "blank-edges", "elision", "fuzzy"] as const;
export type Rung = (typeof RUNGS)[number];

/** What each rung forgives, for messages and reports. */
export const RUNG_MEANING: Record<Rung, string> = {
  exact: "exact text",
  whitespace: "ignoring trailing whitespace and line endings",
  indentation: "at a different indentation, re-indented by the same offset",
  "blank-edges": "ignoring blank lines at the edges",
  elision: "with '...' standing for unchanged lines",
  fuzzy: "a close match over lines, clearly better than any other place",
};

/**
 * A place in the file that a line-based rung found for a search block: file lines [start, end), and for
 * each search line the file line it stands for (undefined when the search line has no counterpart).
 */
export interface Placement {
  start: number;
  end: number;
  pairs: (number | undefined)[];
  /** Turns a new line of the replacement into the file's indentation. */
  reindent: (line: string) => string | undefined;
}

/** A search/replace pair after the rung's own reading of it (blank edges dropped, elision split). */
export interface Block {
  search: string[];
  replace: string[];
}
