import type { Definition } from "../index/defs.ts";
import { type LocalIndex, postingsOf } from "../index/store.ts";

const DAMPING = 0.85;
const ITERATIONS = 30;
/** Extra weight of an edge through a mentioned name of full specificity. */
const MENTION_BOOST = 9;
/** Weight of an import of one name, against sqrt(references) for a name used. */
const IMPORT_WEIGHT = 2;

/**
 * Personalised PageRank over "file A imports file B" and "file A uses a name that file B defines" among
 * candidate files, as Aider's
 * repo map does: the walk restarts at the files the issue points to, so it ranks up what they depend on.
 * Edges through names the issue mentions weigh more, the more the more specific the name (`config` hardly
 * more than any word, `_regexp_transformer` ten times); names defined in many places weigh less.
 * Returns one score per candidate, summing to 1.
 */
export function personalisedRank(
  index: LocalIndex,
  candidates: readonly number[],
  defsOf: (doc: number) => readonly Definition[],
  seed: readonly number[],
  mentioned: ReadonlyMap<string, number>,
  importsOf: (doc: number) => ReadonlyMap<number, number> = () => new Map(),
): Float64Array {
  const n = candidates.length;
  const slot = new Map<number, number>();
  candidates.forEach((doc, i) => {
    slot.set(doc, i);
  });
  const out: Map<number, number>[] = candidates.map(() => new Map());
  candidates.forEach((doc, to) => {
    const names = new Set(
      defsOf(doc)
        .map((d) => d.name)
        .filter((x) => x.length >= 3),
    );
    for (const name of names) {
      const lower = name.toLowerCase();
      const definers = postingsOf(index, "d", `=${name}`).length / 2 || 1;
      const boost = (1 + MENTION_BOOST * (mentioned.get(lower) ?? 0)) / definers;
      const refs = postingsOf(index, "c", lower);
      for (let j = 0; j < refs.length; j += 2) {
        const from = slot.get(refs[j] as number);
        if (from === undefined || from === to) continue;
        const w = Math.sqrt(refs[j + 1] as number) * boost;
        const edges = out[from] as Map<number, number>;
        edges.set(to, (edges.get(to) ?? 0) + w);
      }
    }
  });
  // An import statement is an explicit dependency: it weighs like a few references, more the more names it takes.
  candidates.forEach((doc, from) => {
    for (const [target, names] of importsOf(doc)) {
      const to = slot.get(target);
      if (to === undefined || to === from) continue;
      const edges = out[from] as Map<number, number>;
      edges.set(to, (edges.get(to) ?? 0) + IMPORT_WEIGHT * Math.sqrt(names));
    }
  });
  let seedTotal = 0;
  for (const s of seed) seedTotal += s;
  const restart = new Float64Array(n);
  for (let i = 0; i < n; i++) restart[i] = seedTotal > 0 ? (seed[i] ?? 0) / seedTotal : 1 / n;
  let rank = Float64Array.from(restart);
  const outTotal = out.map((edges) => [...edges.values()].reduce((a, b) => a + b, 0));
  for (let it = 0; it < ITERATIONS; it++) {
    const next = new Float64Array(n);
    let dangling = 0;
    for (let i = 0; i < n; i++) {
      const total = outTotal[i] ?? 0;
      const r = rank[i] ?? 0;
      if (total === 0) {
        dangling += r;
        continue;
      }
      for (const [to, w] of out[i] as Map<number, number>) next[to] = (next[to] ?? 0) + (DAMPING * r * w) / total;
    }
    for (let i = 0; i < n; i++) next[i] = (next[i] ?? 0) + (1 - DAMPING + DAMPING * dangling) * (restart[i] ?? 0);
    rank = next;
  }
  return rank;
}
