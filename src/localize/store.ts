import type { FileKind } from "./classify.ts";
import { TermDict } from "./dict.ts";

/** One tracked file as the index knows it. */
export interface DocRecord {
  path: string;
  /** Content identity (git blob id, or "" when unknown); lets a new commit reuse an unchanged file's terms. */
  key: string;
  kind: FileKind;
  lines: number;
}

/** Indexed fields: content words, path words, names the file defines. */
export type Field = "c" | "p" | "d";
export const FIELDS: readonly Field[] = ["c", "p", "d"];

/**
 * Inverted index in flat typed arrays, so that it loads from disk without parsing millions of objects:
 * term id `i` (of a field-prefixed term, "c:foo") owns pairs (doc, tf) in `data[2*offsets[i] .. 2*offsets[i+1]]`,
 * sorted by doc.
 */
export interface LocalIndex {
  docs: DocRecord[];
  lengths: Record<Field, Uint32Array>;
  dict: TermDict;
  offsets: Uint32Array;
  data: Int32Array;
}

export function postingsOf(index: LocalIndex, field: Field, term: string): Int32Array {
  const i = index.dict.id(`${field}:${term}`);
  if (i < 0) return EMPTY;
  return index.data.subarray(2 * (index.offsets[i] ?? 0), 2 * (index.offsets[i + 1] ?? 0));
}

const EMPTY = new Int32Array(0);
const PREFIX: Record<Field, string> = { c: "c:", p: "p:", d: "d:" };

/** A growable Int32Array: postings are appended as (term, doc, tf) triples with no per-posting object. */
class IntList {
  data = new Int32Array(1 << 20);
  length = 0;

  push3(a: number, b: number, c: number): void {
    if (this.length + 3 > this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = a;
    this.data[this.length++] = b;
    this.data[this.length++] = c;
  }
}

/**
 * Collects postings, then freezes them into a LocalIndex. Terms are interned to integer ids once; a
 * document's occurrences are counted in id-indexed scratch arrays (`count`), not in a Map per document.
 */
export class IndexBuilder {
  readonly docs: DocRecord[] = [];
  private readonly lens: Record<Field, number[]> = { c: [], p: [], d: [] };
  // One map per field, keyed without the field prefix, so that interning a word builds no string (a
  // concatenated key would have to be flattened to be hashed); exact definition names ("d:=Name") apart.
  private readonly ids: Record<Field | "=", Map<string, number>> = {
    c: new Map(),
    p: new Map(),
    d: new Map(),
    "=": new Map(),
  };
  /** Term `id` is `prefixes[id] + terms[id]` ("c:" + "foo"). */
  private readonly prefixes: string[] = [];
  private readonly terms: string[] = [];
  private readonly postings = new IntList();
  // Per-field scratch: a small open-addressing table (term id → count) that stays in the CPU cache, where
  // arrays indexed by term id would cost a cache miss per distinct term of every document.
  private slotIds = new Int32Array(1024).fill(-1);
  private slotCounts = new Int32Array(1024);
  private readonly touched: number[] = [];
  private ordered = true;

  /** The id of `term` in `field`, created on first sight. */
  intern(field: Field, term: string): number {
    const map = this.ids[field];
    let id = map.get(term);
    if (id === undefined) {
      id = this.terms.length;
      map.set(term, id);
      this.prefixes.push(PREFIX[field]);
      this.terms.push(term);
    }
    return id;
  }

  /** The id of the exact definition name `name` (stored as "d:=name"). */
  internExact(name: string): number {
    const map = this.ids["="];
    let id = map.get(name);
    if (id === undefined) {
      id = this.terms.length;
      map.set(name, id);
      this.prefixes.push("d:=");
      this.terms.push(name);
    }
    return id;
  }

  /** Starts a document; then `count` its term occurrences field by field, each field closed by `endField`. */
  beginDoc(doc: DocRecord): number {
    this.docs.push(doc);
    return this.docs.length - 1;
  }

  /** Counts one occurrence of term `id` in the current field. */
  count(id: number): void {
    const ids = this.slotIds;
    const mask = ids.length - 1;
    for (let s = spread(id) & mask; ; s = (s + 1) & mask) {
      const at = ids[s];
      if (at === id) {
        this.slotCounts[s] = (this.slotCounts[s] ?? 0) + 1;
        return;
      }
      if (at === -1) {
        this.insertSlot(s, id);
        return;
      }
    }
  }

  /** Counts `id` once per field of a document, however often it is passed. */
  countOnce(id: number): void {
    const ids = this.slotIds;
    const mask = ids.length - 1;
    for (let s = spread(id) & mask; ; s = (s + 1) & mask) {
      const at = ids[s];
      if (at === id) return;
      if (at === -1) {
        this.insertSlot(s, id);
        return;
      }
    }
  }

  private insertSlot(s: number, id: number): void {
    this.slotIds[s] = id;
    this.slotCounts[s] = 1;
    this.touched.push(s);
    if (2 * this.touched.length > this.slotIds.length) this.growSlots();
  }

  endField(field: Field): void {
    const doc = this.docs.length - 1;
    let len = 0;
    // In first-seen order, so that a build does not depend on hash order.
    for (const s of this.touched) {
      const tf = this.slotCounts[s] ?? 0;
      len += tf;
      this.postings.push3(this.slotIds[s] ?? 0, doc, tf);
      this.slotIds[s] = -1;
    }
    this.touched.length = 0;
    this.lens[field].push(len);
  }

  /** Copies a document from an older index without re-reading the file; its postings come by `push`. */
  addFromIndex(doc: DocRecord, lens: Record<Field, number>): number {
    this.docs.push(doc);
    for (const f of FIELDS) this.lens[f].push(lens[f]);
    this.ordered = false;
    return this.docs.length - 1;
  }

  /** Adds a posting for a field-prefixed term ("c:foo"), as stored in a LocalIndex. */
  push(prefixed: string, doc: number, tf: number): void {
    const field = prefixed.slice(0, 1) as Field;
    const id = prefixed.startsWith("d:=") ? this.internExact(prefixed.slice(3)) : this.intern(field, prefixed.slice(2));
    this.postings.push3(id, doc, tf);
  }

  build(): LocalIndex {
    const nTerms = this.terms.length;
    const triples = this.postings.data;
    const end = this.postings.length;
    const offsets = new Uint32Array(nTerms + 1);
    for (let i = 0; i < end; i += 3) {
      const slot = (triples[i] ?? 0) + 1;
      offsets[slot] = (offsets[slot] ?? 0) + 1;
    }
    for (let t = 0; t < nTerms; t++) offsets[t + 1] = (offsets[t + 1] ?? 0) + (offsets[t] ?? 0);
    const fill = offsets.slice(0, nTerms);
    const data = new Int32Array(2 * (offsets[nTerms] ?? 0));
    for (let i = 0; i < end; i += 3) {
      const term = triples[i] ?? 0;
      const at = 2 * (fill[term] ?? 0);
      fill[term] = at / 2 + 1;
      data[at] = triples[i + 1] ?? 0;
      data[at + 1] = triples[i + 2] ?? 0;
    }
    // Copied documents were not added in id order (incremental merge): keep postings sorted by doc.
    if (!this.ordered) for (let t = 0; t < nTerms; t++) sortPairs(data, offsets[t] ?? 0, offsets[t + 1] ?? 0);
    return {
      docs: this.docs,
      lengths: { c: Uint32Array.from(this.lens.c), p: Uint32Array.from(this.lens.p), d: Uint32Array.from(this.lens.d) },
      dict: TermDict.fromTerms(this.prefixes, this.terms),
      offsets,
      data,
    };
  }

  private growSlots(): void {
    const ids = this.slotIds;
    const counts = this.slotCounts;
    const old = this.touched.splice(0);
    this.slotIds = new Int32Array(ids.length * 2).fill(-1);
    this.slotCounts = new Int32Array(ids.length * 2);
    const mask = this.slotIds.length - 1;
    for (const o of old) {
      let s = spread(ids[o] ?? 0) & mask;
      while (this.slotIds[s] !== -1) s = (s + 1) & mask;
      this.slotIds[s] = ids[o] ?? 0;
      this.slotCounts[s] = counts[o] ?? 0;
      this.touched.push(s);
    }
  }
}

/** Fibonacci hashing: consecutive term ids land far apart. */
function spread(id: number): number {
  const h = Math.imul(id, 0x9e3779b1);
  return h ^ (h >>> 15);
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
