import type { DocRecord } from "./store.ts";

/** Finds repository files for names written in an issue: paths (maybe absolute or partial) and modules. */
export class PathResolver {
  private readonly byBase = new Map<string, number[]>();
  private readonly byStem = new Map<string, number[]>();
  private readonly docs: readonly DocRecord[];

  constructor(docs: readonly DocRecord[]) {
    this.docs = docs;
    docs.forEach((d, i) => {
      const base = d.path.slice(d.path.lastIndexOf("/") + 1);
      push(this.byBase, base, i);
      const dot = base.lastIndexOf(".");
      const stem = dot > 0 ? base.slice(0, dot) : base;
      // A package's module file: `pkg/__init__.py`, `pkg/index.ts`, `pkg/mod.rs` stand for `pkg`.
      if (/^(__init__|index|mod)$/.test(stem)) {
        const dir = d.path.slice(0, d.path.lastIndexOf("/"));
        push(this.byStem, dir.slice(dir.lastIndexOf("/") + 1), i);
      } else {
        push(this.byStem, stem, i);
      }
    });
  }

  /**
   * Files a path mention refers to, each with a confidence: 1 when at least two trailing components agree
   * (or the whole mention does), less when only a common file name matches.
   */
  resolvePath(mention: string): { doc: number; weight: number }[] {
    const parts = mention.split("/").filter((p) => p && p !== "." && p !== "..");
    const base = parts[parts.length - 1];
    if (!base) return [];
    const candidates = this.byBase.get(base) ?? [];
    if (candidates.length === 0) return [];
    let best = 0;
    const scored = candidates.map((doc) => {
      const s = commonSuffix(parts, (this.docs[doc] as DocRecord).path.split("/"));
      best = Math.max(best, s);
      return { doc, s };
    });
    const top = scored.filter((x) => x.s === best);
    const sure = best >= Math.min(2, parts.length);
    const weight = (sure ? 1 : 0.5) / top.length;
    return top.map(({ doc }) => ({ doc, weight }));
  }

  /**
   * The file a dotted name lives in: the longest prefix (at least two components) that names a module.
   * Returns the module's doc and the rest of the name (symbols inside it).
   */
  resolveModule(dotted: string): { doc: number; rest: string[]; weight: number }[] {
    const parts = dotted.split(".");
    for (let k = parts.length; k >= 2; k--) {
      const want = parts.slice(0, k);
      const last = want[want.length - 1] as string;
      const found: number[] = [];
      for (const doc of this.byStem.get(last) ?? []) {
        const path = (this.docs[doc] as DocRecord).path;
        const dirs = path.split("/");
        dirs.pop();
        const comps = /\/(__init__|index|mod)\.[a-z]+$/.test(path) ? dirs : [...dirs, last];
        if (commonSuffix(want, comps) === want.length) found.push(doc);
      }
      if (found.length > 0) return found.map((doc) => ({ doc, rest: parts.slice(k), weight: 1 / found.length }));
    }
    return [];
  }
}

function commonSuffix(a: readonly string[], b: readonly string[]): number {
  let n = 0;
  while (n < a.length && n < b.length && a[a.length - 1 - n] === b[b.length - 1 - n]) n++;
  return n;
}

function push(map: Map<string, number[]>, key: string, value: number): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
