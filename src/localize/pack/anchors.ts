import type { Definition } from "../index/defs.ts";
import { type LocalIndex, postingsOf } from "../index/store.ts";
import { forEachTerm } from "../index/tokens.ts";
import { queryWeight } from "../rank/signals.ts";

/**
 * Where a file that does not fit whole is cut: around its traceback lines, the definitions the issue
 * names, the lines densest in the rarest words and any line quoting the issue.
 */
export function anchorsFor(
  defs: readonly Definition[],
  frameLines: readonly number[],
  mentioned: ReadonlySet<string>,
  text: string,
  keyTerms: ReadonlyMap<string, number>,
  phrases: readonly string[],
): { line: number; after: number }[] {
  const anchors = frameLines.map((line) => ({ line, after: 10 }));
  for (const d of defs) if (mentioned.has(d.name.toLowerCase())) anchors.push({ line: d.line, after: 40 });
  // Then the lines densest in the rarest words, and any line holding a quoted phrase.
  const scored: { line: number; score: number }[] = [];
  text.split("\n").forEach((content, i) => {
    if (content.length > 400) return;
    let score = 0;
    forEachTerm(content, (t) => {
      score += keyTerms.get(t) ?? 0;
    });
    if (phrases.some((p) => content.includes(p))) score += 10;
    if (score > 0) scored.push({ line: i + 1, score });
  });
  scored.sort((a, b) => b.score - a.score);
  for (const { line } of scored.slice(0, 12)) anchors.push({ line, after: 4 });
  return anchors;
}

/** The terms that are rare in the repository, with idf times query weight: what makes a line relevant. */
export function distinctiveTerms(index: LocalIndex, terms: ReadonlyMap<string, number>): Map<string, number> {
  const n = index.docs.length;
  const scored: [string, number][] = [];
  for (const term of terms.keys()) {
    const df = postingsOf(index, "c", term).length / 2;
    if (df > 0 && df < n / 4) scored.push([term, Math.log(n / df) * queryWeight(terms.get(term) ?? 0)]);
  }
  return new Map(scored.sort((a, b) => b[1] - a[1]).slice(0, 40));
}
