import { type DocRecord, type LocalIndex, postingsOf } from "../index/store.ts";
import { termCounts } from "../index/tokens.ts";

/**
 * Finds repository files for names written in an issue: paths (maybe absolute or partial) and modules.
 * Candidates come from the path field's postings (a file named `cart_item.py` has the path words `cart`
 * and `item`), so that nothing proportional to the number of files is built per query; names without an
 * indexed word fall back to a scan.
 */
export class PathResolver {
  private readonly byBase = new Map<string, number[]>();
  private readonly byStem = new Map<string, number[]>();
  private readonly docs: readonly DocRecord[];
  private readonly index: LocalIndex;
  private packages: Set<string> | undefined;

  constructor(index: LocalIndex) {
    this.index = index;
    this.docs = index.docs;
  }

  /** Documents whose file name is `base` (`cart.py`). */
  private withBase(base: string): number[] {
    let found = this.byBase.get(base);
    if (!found) {
      found = this.candidates(stemOf(base)).filter((doc) => baseOf((this.docs[doc] as DocRecord).path) === base);
      this.byBase.set(base, found);
    }
    return found;
  }

  /** Documents that stand for the module `stem`: `stem.py`, or `stem/__init__.py`, `stem/index.ts`, `stem/mod.rs`. */
  withStem(stem: string): number[] {
    let found = this.byStem.get(stem);
    if (!found) {
      found = this.candidates(stem).filter((doc) => moduleName((this.docs[doc] as DocRecord).path) === stem);
      this.byStem.set(stem, found);
    }
    return found;
  }

  /** Documents whose path holds every word of `name`, or all documents when it has no indexed word. */
  private candidates(name: string): number[] {
    let best: Int32Array | null = null;
    for (const term of termCounts(name).keys()) {
      const list = postingsOf(this.index, "p", term);
      if (best === null || list.length < best.length) best = list;
    }
    if (best === null) return this.docs.map((_, i) => i);
    const out: number[] = [];
    for (let j = 0; j < best.length; j += 2) out.push(best[j] as number);
    return out;
  }

  /**
   * Whether `name` can be imported as one of the repository's own top-level modules or packages: a file or
   * folder by that name that is not inside a Python package (`_pytest/logging.py` is `_pytest.logging`, not
   * `logging`). Non-Python files count wherever they are.
   */
  hasModule(name: string): boolean {
    const packages = this.packageDirs();
    const topLevel = (dir: string) => !packages.has(dir);
    const stemmed = this.withStem(name).some((doc) => {
      const path = (this.docs[doc] as DocRecord).path;
      if (!path.endsWith(".py")) return true;
      const dir = dirOf(path);
      return topLevel(/\/__init__\.py$/.test(path) ? dirOf(dir) : dir);
    });
    if (stemmed) return true;
    return this.candidates(name).some((doc) => {
      const parts = (this.docs[doc] as DocRecord).path.split("/");
      const at = parts.indexOf(name);
      return at >= 0 && at < parts.length - 1 && topLevel(parts.slice(0, at).join("/"));
    });
  }

  /** Folders holding an `__init__.py`: Python packages, whose modules are not top-level. Built on first use. */
  private packageDirs(): Set<string> {
    if (!this.packages) {
      this.packages = new Set();
      for (const d of this.docs) if (d.path.endsWith("__init__.py")) this.packages.add(dirOf(d.path));
    }
    return this.packages;
  }

  /** The document at exactly `path`, if any. */
  docAt(path: string): number | undefined {
    return this.withBase(baseOf(path)).find((doc) => (this.docs[doc] as DocRecord).path === path);
  }

  /**
   * Files a path mention refers to, each with a confidence: 1 when at least two trailing components agree
   * (or the whole mention does), less when only a common file name matches.
   */
  resolvePath(mention: string): { doc: number; weight: number }[] {
    const parts = mention.split("/").filter((p) => p && p !== "." && p !== "..");
    const base = parts[parts.length - 1];
    if (!base) return [];
    const candidates = this.withBase(base);
    if (candidates.length === 0) return [];
    let best = 0;
    const scored = candidates.map((doc) => {
      const s = commonSuffix(parts, (this.docs[doc] as DocRecord).path.split("/"));
      best = Math.max(best, s);
      return { doc, s };
    });
    const top = scored.filter((x) => x.s === best);
    const sure = best >= Math.min(2, parts.length);
    // A long path that agrees with a repository file in its file name alone (`/home/u/app/app/logging.py`
    // against `src/pkg/logging.py`) is most likely some other project's file.
    const weight = (sure ? 1 : parts.length >= 3 ? 0.2 : 0.5) / top.length;
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
      for (const doc of this.withStem(last)) {
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

function dirOf(path: string): string {
  return path.slice(0, Math.max(0, path.lastIndexOf("/")));
}

function baseOf(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}

function stemOf(base: string): string {
  const dot = base.lastIndexOf(".");
  return dot > 0 ? base.slice(0, dot) : base;
}

/** The module a file stands for: its stem, or its folder's name for a package's module file. */
function moduleName(path: string): string {
  const stem = stemOf(baseOf(path));
  if (!/^(__init__|index|mod)$/.test(stem)) return stem;
  const dir = path.slice(0, Math.max(0, path.lastIndexOf("/")));
  return dir.slice(dir.lastIndexOf("/") + 1);
}
