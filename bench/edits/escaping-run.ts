/**
 * Scores booty's text input on the escaping cases: each case as a SEARCH block, a whole file, a unified
 * diff, and with naive markers, parsed and applied against its own one-file tree.
 *
 * Exports: `ESCAPING_ROWS`, `escapingOutcomes()`.
 */
import type { Input } from "./derive.ts";
import { diffOf, ESCAPING_CASES, editOf, naive } from "./escaping.ts";
import { applyText, renderInput, viaText } from "./text.ts";
import type { Outcome, Tree } from "./tools.ts";

export const ESCAPING_ROWS = [
  "escaping: blocks",
  "escaping: whole file",
  "escaping: udiff",
  "escaping: naive markers",
] as const;

export interface EscapingOutcome {
  row: (typeof ESCAPING_ROWS)[number];
  label: string;
  outcome: Outcome;
  intended: Tree;
}

export async function escapingOutcomes(): Promise<EscapingOutcome[]> {
  const out: EscapingOutcome[] = [];
  for (const c of ESCAPING_CASES) {
    const base: Tree = { [c.path]: c.before };
    const intended: Tree = { [c.path]: c.after };
    const blocks: Input = { kind: "edits", files: { [c.path]: { kind: "edits", edits: [editOf(c)] } } };
    const whole: Input = { kind: "edits", files: { [c.path]: { kind: "content", content: c.after } } };
    const diff: Input = { kind: "diff", diff: await diffOf(c) };
    const add = (row: EscapingOutcome["row"], outcome: Outcome, how = "") =>
      out.push({ row, label: `${c.name}${how}`, outcome, intended });
    add("escaping: blocks", viaText(base, blocks));
    add("escaping: whole file", viaText(base, whole));
    add("escaping: udiff", viaText(base, diff));
    add("escaping: naive markers", applyText(base, naive(renderInput(base, blocks)), "search-replace"), " (block)");
    add("escaping: naive markers", applyText(base, naive(renderInput(base, whole)), "search-replace"), " (whole)");
  }
  return out;
}
