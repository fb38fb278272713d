/**
 * The comparison baseline, as SWE-bench built it: Lucene BM25 (k1 = 0.9, b = 0.4) over non-test `.py`
 * files, document = path + "\n" + contents, query = the problem statement. Tokenisation follows Lucene's
 * StandardAnalyzer roughly: Unicode word runs (letters, digits, `_`), joined across `.` and `'` between
 * word characters as UAX #29 does, lower-cased, Lucene's English stop words removed, no stemming.
 */

const WORD = /[\p{L}\p{N}_]+(?:[.'][\p{L}\p{N}_]+)*/gu;
const LUCENE_STOP = new Set(
  "a an and are as at be but by for if in into is it no not of on or such that the their then there these they this to was will with".split(
    " ",
  ),
);
const K1 = 0.9;
const B = 0.4;

export function analyze(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(WORD)) {
    const t = m[0].toLowerCase();
    if (t.length <= 255 && !LUCENE_STOP.has(t)) out.push(t);
  }
  return out;
}

/** SWE-bench's test rule: a path part (split on space, `_`, `/`, `.`) is test, tests or testing. */
export function isSwebenchTestPath(path: string): boolean {
  return path.split(/[ _/.]/).some((p) => p === "test" || p === "tests" || p === "testing");
}

export function bm25Candidates(files: readonly string[]): string[] {
  return files.filter((f) => f.endsWith(".py") && !isSwebenchTestPath(f));
}

/** Ranks `docs` (path → contents) for `query`; ties broken by path for a stable order. */
export function bm25Rank(docs: ReadonlyMap<string, string>, query: string): { path: string; score: number }[] {
  const tfs: Map<string, number>[] = [];
  const lens: number[] = [];
  const df = new Map<string, number>();
  const paths = [...docs.keys()];
  for (const path of paths) {
    const tokens = analyze(`${path}\n${docs.get(path) ?? ""}`);
    const tf = new Map<string, number>();
    for (const t of tokens) tf.set(t, (tf.get(t) ?? 0) + 1);
    for (const t of tf.keys()) df.set(t, (df.get(t) ?? 0) + 1);
    tfs.push(tf);
    lens.push(tokens.length);
  }
  const n = paths.length;
  const avg = lens.reduce((a, b) => a + b, 0) / Math.max(1, n) || 1;
  const qtf = new Map<string, number>();
  for (const t of analyze(query)) qtf.set(t, (qtf.get(t) ?? 0) + 1);
  const scored = paths.map((path, i) => {
    let score = 0;
    const tf = tfs[i] as Map<string, number>;
    for (const [term, q] of qtf) {
      const f = tf.get(term);
      if (!f) continue;
      const d = df.get(term) ?? 0;
      const idf = Math.log(1 + (n - d + 0.5) / (d + 0.5));
      score += q * idf * ((f * (K1 + 1)) / (f + K1 * (1 - B + (B * (lens[i] ?? 0)) / avg)));
    }
    return { path, score };
  });
  return scored.sort((a, b) => b.score - a.score || (a.path < b.path ? -1 : 1));
}
