import type { FileKind } from "../index/classify.ts";
import type { DocRecord } from "../index/store.ts";

/** Test files, best lexical first, whose subjects borrow their score. */
const TESTS = 5;
const TEST_AFFIX = /^(?:test_|tests_|unittest_)|(?:_tests?|\.test|\.spec|_spec|Test|Tests|Spec)$/g;

/**
 * A test file that reads like the issue (its scenarios use the words) points at the file it tests:
 * `testing/test_skipping.py` at `src/_pytest/skipping.py`, `tests/foo.test.ts` at `src/foo.ts`. Per
 * document, 0..1: the best lexical score, relative to the top one, among the tests of which it is the
 * subject. The subject is the source module named like the test without its affix, the one sharing
 * most folders with the test when several are.
 */
export function testedScores(
  docs: readonly DocRecord[],
  lexical: Float64Array,
  withStem: (stem: string) => number[],
): Map<number, number> {
  const out = new Map<number, number>();
  const tests: number[] = [];
  let max = 0;
  for (let i = 0; i < docs.length; i++) {
    const v = lexical[i] ?? 0;
    if (v > max) max = v;
    if (v > 0 && (docs[i] as DocRecord).kind === "test") tests.push(i);
  }
  if (max <= 0) return out;
  tests.sort((a, b) => (lexical[b] ?? 0) - (lexical[a] ?? 0));
  for (const test of tests.slice(0, TESTS)) {
    const path = (docs[test] as DocRecord).path;
    const base = path.slice(path.lastIndexOf("/") + 1);
    const stem = base.slice(0, base.indexOf(".") > 0 ? base.indexOf(".") : base.length);
    const subject = stem.replace(TEST_AFFIX, "");
    if (subject === stem || subject.length < 3) continue;
    const sources = withStem(subject).filter((d) => isSource((docs[d] as DocRecord).kind));
    if (sources.length === 0) continue;
    const folders = new Set(path.split("/").slice(0, -1));
    const shared = (d: number) => (docs[d] as DocRecord).path.split("/").filter((p) => folders.has(p)).length;
    const best = Math.max(...sources.map(shared));
    const chosen = sources.filter((d) => shared(d) === best);
    const v = (lexical[test] ?? 0) / max / chosen.length;
    for (const d of chosen) out.set(d, Math.max(out.get(d) ?? 0, v));
  }
  return out;
}

function isSource(kind: FileKind): boolean {
  return kind === "source";
}
