/**
 * Term dictionary as flat data: all terms in one string, their start offsets, and an open-addressing hash
 * table of term ids. Written to the cache as is, so a warm load parses nothing and hashes nothing; the
 * hash is computed here, not by the engine, because it must be the same when the table is read back.
 */
export class TermDict {
  readonly blob: string;
  /** `starts[id]` .. `starts[id + 1]`: term `id` within `blob`. */
  readonly starts: Uint32Array;
  /** Power-of-two sized; -1 marks an empty slot. */
  readonly table: Int32Array;

  constructor(blob: string, starts: Uint32Array, table: Int32Array) {
    this.blob = blob;
    this.starts = starts;
    this.table = table;
  }

  static fromTerms(terms: readonly string[]): TermDict {
    const starts = new Uint32Array(terms.length + 1);
    let at = 0;
    terms.forEach((t, i) => {
      starts[i] = at;
      at += t.length;
    });
    starts[terms.length] = at;
    let size = 16;
    while (size < terms.length * 2) size *= 2;
    const table = new Int32Array(size).fill(-1);
    const mask = size - 1;
    terms.forEach((t, id) => {
      let slot = hash(t, 0, t.length) & mask;
      while (table[slot] !== -1) slot = (slot + 1) & mask;
      table[slot] = id;
    });
    return new TermDict(terms.join(""), starts, table);
  }

  get size(): number {
    return this.starts.length - 1;
  }

  /** The id of `key`, or -1. */
  id(key: string): number {
    const mask = this.table.length - 1;
    for (let slot = hash(key, 0, key.length) & mask; ; slot = (slot + 1) & mask) {
      const id = this.table[slot] ?? -1;
      if (id === -1) return -1;
      const start = this.starts[id] ?? 0;
      if ((this.starts[id + 1] ?? 0) - start === key.length && this.blob.startsWith(key, start)) return id;
    }
  }

  term(id: number): string {
    return this.blob.slice(this.starts[id] ?? 0, this.starts[id + 1] ?? 0);
  }
}

/** FNV-1a over UTF-16 code units. */
function hash(s: string, from: number, to: number): number {
  let h = 0x811c9dc5;
  for (let i = from; i < to; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
