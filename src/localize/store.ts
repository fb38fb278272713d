import type { FileKind } from "./classify.ts";

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
 * term `t` (prefixed by its field, "c:foo") owns pairs (doc, tf) in `data[2*offsets[i] .. 2*offsets[i+1]]`.
 */
export interface LocalIndex {
  docs: DocRecord[];
  lengths: Record<Field, Uint32Array>;
  terms: Map<string, number>;
  offsets: Uint32Array;
  data: Int32Array;
}

export function postingsOf(index: LocalIndex, field: Field, term: string): Int32Array {
  const i = index.terms.get(`${field}:${term}`);
  if (i === undefined) return EMPTY;
  return index.data.subarray(2 * (index.offsets[i] ?? 0), 2 * (index.offsets[i + 1] ?? 0));
}

const EMPTY = new Int32Array(0);

/** Collects per-document term counts, then freezes them into a LocalIndex. */
export class IndexBuilder {
  readonly docs: DocRecord[] = [];
  private readonly lens: Record<Field, number[]> = { c: [], p: [], d: [] };
  // One map per field: keys without a field prefix, so that adding a posting builds no string.
  private readonly lists: Record<Field, Map<string, number[]>> = { c: new Map(), p: new Map(), d: new Map() };

  addDoc(doc: DocRecord, fields: Record<Field, Map<string, number>>): void {
    const id = this.docs.length;
    this.docs.push(doc);
    for (const f of FIELDS) {
      let len = 0;
      for (const [term, tf] of fields[f]) {
        len += tf;
        this.pushIn(f, term, id, tf);
      }
      this.lens[f].push(len);
    }
  }

  /** Copies a document from an older index without re-reading the file. */
  addFromIndex(doc: DocRecord, lens: Record<Field, number>): number {
    const id = this.docs.length;
    this.docs.push(doc);
    for (const f of FIELDS) this.lens[f].push(lens[f]);
    return id;
  }

  /** Adds a posting for a field-prefixed term ("c:foo"), as stored in a LocalIndex. */
  push(prefixed: string, doc: number, tf: number): void {
    this.pushIn(prefixed.slice(0, 1) as Field, prefixed.slice(2), doc, tf);
  }

  private pushIn(field: Field, term: string, doc: number, tf: number): void {
    const map = this.lists[field];
    const list = map.get(term);
    if (list) list.push(doc, tf);
    else map.set(term, [doc, tf]);
  }

  build(): LocalIndex {
    const terms = new Map<string, number>();
    const size = FIELDS.reduce((n, f) => n + this.lists[f].size, 0);
    const offsets = new Uint32Array(size + 1);
    let total = 0;
    let i = 0;
    for (const f of FIELDS) {
      for (const [term, list] of this.lists[f]) {
        terms.set(`${f}:${term}`, i);
        offsets[i] = total;
        total += list.length / 2;
        i++;
      }
    }
    offsets[i] = total;
    const data = new Int32Array(total * 2);
    let at = 0;
    for (const list of FIELDS.flatMap((f) => [...this.lists[f].values()])) {
      // Documents were not always added in id order (incremental merge): keep postings sorted by doc.
      if (!isSortedPairs(list)) sortPairs(list);
      data.set(list, at);
      at += list.length;
    }
    return {
      docs: this.docs,
      lengths: { c: Uint32Array.from(this.lens.c), p: Uint32Array.from(this.lens.p), d: Uint32Array.from(this.lens.d) },
      terms,
      offsets,
      data,
    };
  }
}

function isSortedPairs(list: number[]): boolean {
  for (let i = 2; i < list.length; i += 2) if ((list[i] ?? 0) < (list[i - 2] ?? 0)) return false;
  return true;
}

function sortPairs(list: number[]): void {
  const pairs: [number, number][] = [];
  for (let i = 0; i < list.length; i += 2) pairs.push([list[i] ?? 0, list[i + 1] ?? 0]);
  pairs.sort((a, b) => a[0] - b[0]);
  for (let i = 0; i < pairs.length; i++) {
    list[2 * i] = pairs[i]?.[0] ?? 0;
    list[2 * i + 1] = pairs[i]?.[1] ?? 0;
  }
}
