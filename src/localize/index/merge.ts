import { FILE_KINDS } from "./classify.ts";
import { FNV_OFFSET } from "./dict.ts";
import type { ChunkResult, NewTerms } from "./shard.ts";
import type { DocRecord, LocalIndex } from "./store.ts";
import { TermPool } from "./terms.ts";

/**
 * Assembles a LocalIndex from chunk results (and, for an incremental build, documents of an older index).
 * Chunks must arrive in file order: then a term's global id is the order in which one pass over all files
 * would have first seen it, whichever shard saw it, and postings come out sorted by document.
 */
export class IndexMerger {
  private pool: TermPool;
  /**
   * While every chunk so far came from shard 0 (this thread's), that shard's own dictionary holds exactly
   * the merged one: its chunks are taken as they are, and its terms kept to be replayed should another
   * shard's chunk come in. A build on one thread never maps a term.
   */
  private adopted: NewTerms[] | null;
  /** Per shard: shard term id → global term id. */
  private readonly idMaps: Int32Array[] = [];
  private readonly mapped: number[] = [];
  /** Triples (global term, doc, tf). */
  private readonly blocks: Int32Array[] = [];
  /** Postings per global term so far, counted as chunks come in rather than in one pass at the end. */
  private counts = new Uint32Array(1 << 16);
  private readonly docs: (DocRecord | undefined)[];
  private readonly lens: { c: Uint32Array; p: Uint32Array; d: Uint32Array };
  private ordered = true;

  /** `own`: the dictionary of shard 0, if it runs on this thread. */
  constructor(docCount: number, own?: TermPool) {
    this.pool = own ?? new TermPool();
    this.adopted = own ? [] : null;
    this.docs = new Array(docCount);
    this.lens = { c: new Uint32Array(docCount), p: new Uint32Array(docCount), d: new Uint32Array(docCount) };
  }

  /** A document copied from an older index; its postings come with `copyPostings`. */
  reuse(doc: number, record: DocRecord, lens: { c: number; p: number; d: number }): void {
    this.docs[doc] = record;
    this.lens.c[doc] = lens.c;
    this.lens.p[doc] = lens.p;
    this.lens.d[doc] = lens.d;
    this.ordered = false;
  }

  /** A chunk read by `shard`: its document `i` becomes document `docIds[i]` with path `paths[i]`. */
  addChunk(shard: number, r: ChunkResult, docIds: Int32Array, paths: readonly string[], keys: readonly string[]): void {
    let map: Int32Array | null = null;
    if (this.adopted && shard === 0) this.adopted.push(r.terms);
    else {
      if (this.adopted) this.unadopt();
      map = this.mapTerms(shard, r.terms);
    }
    for (let i = 0; i < r.kinds.length; i++) {
      const doc = docIds[i] as number;
      const kind = FILE_KINDS[r.kinds[i] ?? 0] ?? "binary";
      this.docs[doc] = { path: paths[i] ?? "", key: keys[i] ?? "", kind, lines: r.lines[i] ?? 0 };
      this.lens.c[doc] = r.lengths[3 * i] ?? 0;
      this.lens.p[doc] = r.lengths[3 * i + 1] ?? 0;
      this.lens.d[doc] = r.lengths[3 * i + 2] ?? 0;
    }
    const t = r.triples;
    for (let i = 1; i < t.length; i += 3) t[i] = docIds[t[i] as number] as number;
    this.addBlock(t, map);
  }

  /** Postings of `prev` whose documents were reused (`remap[old]` ≥ 0), interned after the read terms as a sequential build would. */
  copyPostings(prev: LocalIndex, remap: Int32Array): void {
    let out = new Int32Array(1 << 16);
    let used = 0;
    const { blob, starts } = prev.dict;
    for (let i = 0; i < prev.dict.size; i++) {
      const end = 2 * (prev.offsets[i + 1] ?? 0);
      let id = -1;
      for (let j = 2 * (prev.offsets[i] ?? 0); j < end; j += 2) {
        const to = remap[prev.data[j] ?? 0] ?? -1;
        if (to < 0) continue;
        if (id < 0) {
          const s = starts[i] ?? 0;
          const e = starts[i + 1] ?? 0;
          let h = FNV_OFFSET;
          for (let k = s; k < e; k++) h = Math.imul(h ^ blob.charCodeAt(k), 0x01000193);
          id = this.pool.internSlice(blob, s, e, h);
        }
        if (used + 3 > out.length) {
          const next = new Int32Array(2 * out.length);
          next.set(out);
          out = next;
        }
        out[used++] = id;
        out[used++] = to;
        out[used++] = prev.data[j + 1] ?? 0;
      }
    }
    this.addBlock(out.subarray(0, used), null);
  }

  /** Takes triples whose terms are global ids, or shard ids to pass through `map`, and counts their postings. */
  private addBlock(t: Int32Array, map: Int32Array | null): void {
    if (this.counts.length < this.pool.size) {
      const next = new Uint32Array(Math.max(2 * this.counts.length, this.pool.size));
      next.set(this.counts);
      this.counts = next;
    }
    countTerms(t, map, this.counts);
    this.blocks.push(t);
  }

  freeze(): LocalIndex {
    const nTerms = this.pool.size;
    const offsets = new Uint32Array(nTerms + 1);
    for (let k = 0; k < nTerms; k++) offsets[k + 1] = (offsets[k] as number) + (this.counts[k] ?? 0);
    const fill = offsets.slice(0, nTerms);
    const data = new Int32Array(2 * (offsets[nTerms] ?? 0));
    // Per block, a call: a loop nested in another would be compiled on the stack and dropped at each exit.
    for (const t of this.blocks) fillPairs(t, fill, data);
    // Copied documents were not added in id order (incremental merge): keep postings sorted by doc.
    if (!this.ordered) for (let k = 0; k < nTerms; k++) sortPairs(data, offsets[k] ?? 0, offsets[k + 1] ?? 0);
    return {
      docs: this.docs as DocRecord[],
      lengths: this.lens,
      dict: this.pool.toDict(),
      offsets,
      data,
    };
  }

  /** Leaves shard 0's dictionary to it: a merged one starts with shard 0's terms so far, under the same ids. */
  private unadopt(): void {
    const replay = this.adopted ?? [];
    this.adopted = null;
    this.pool = new TermPool();
    for (const terms of replay) this.mapTerms(0, terms);
  }

  /** Interns a chunk's new terms; returns the shard's id map, grown to cover them. */
  private mapTerms(shard: number, terms: NewTerms): Int32Array {
    const { units, base, ends, hashes } = terms;
    let map = this.idMaps[shard] ?? new Int32Array(1024);
    let have = this.mapped[shard] ?? 0;
    if (have + ends.length > map.length) {
      const next = new Int32Array(Math.max(2 * map.length, have + ends.length));
      next.set(map.subarray(0, have));
      map = next;
    }
    let start = 0;
    for (let k = 0; k < ends.length; k++) {
      const end = (ends[k] as number) - base;
      map[have++] = this.pool.internUnits(units, start, end, hashes, k);
      start = end;
    }
    this.idMaps[shard] = map;
    this.mapped[shard] = have;
    return map;
  }
}

/** Maps the terms of the triples `t` through `map` (unless null) and adds one to `counts[term]` for each. */
function countTerms(t: Int32Array, map: Int32Array | null, counts: Uint32Array): void {
  for (let i = 0; i < t.length; i += 3) {
    const term = map ? (map[t[i] as number] as number) : (t[i] as number);
    t[i] = term;
    counts[term] = (counts[term] as number) + 1;
  }
}

/** Places the triples `t` as (doc, tf) pairs at their terms' next free places (`fill`, in pairs). */
function fillPairs(t: Int32Array, fill: Uint32Array, data: Int32Array): void {
  for (let i = 0; i < t.length; i += 3) {
    const term = t[i] as number;
    const at = fill[term] as number;
    fill[term] = at + 1;
    data[2 * at] = t[i + 1] as number;
    data[2 * at + 1] = t[i + 2] as number;
  }
}

/** Sorts the (doc, tf) pairs `from` .. `to` (pair indexes) of `data` by doc. */
function sortPairs(data: Int32Array, from: number, to: number): void {
  let sorted = true;
  for (let i = from + 1; i < to && sorted; i++) if ((data[2 * i] ?? 0) < (data[2 * i - 2] ?? 0)) sorted = false;
  if (sorted) return;
  const pairs: [number, number][] = [];
  for (let i = from; i < to; i++) pairs.push([data[2 * i] ?? 0, data[2 * i + 1] ?? 0]);
  pairs.sort((a, b) => a[0] - b[0]);
  pairs.forEach(([doc, tf], k) => {
    data[2 * (from + k)] = doc;
    data[2 * (from + k) + 1] = tf;
  });
}
