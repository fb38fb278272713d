/**
 * Term dictionary as flat data: all terms in one string, their start offsets, and an open-addressing hash
 * table of term ids (filled in id order by linear probing; built by `TermPool`). Written to the cache as
 * is, so a warm load parses nothing and hashes nothing; the hash is computed here, not by the engine,
 * because it must be the same when the table is read back.
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

  get size(): number {
    return this.starts.length - 1;
  }

  /** The id of `key`, or -1. */
  id(key: string): number {
    const mask = this.table.length - 1;
    for (let slot = hashString(key, FNV_OFFSET) & mask; ; slot = (slot + 1) & mask) {
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

export const FNV_OFFSET = 0x811c9dc5;

/** FNV-1a over UTF-16 code units, continuing from `h`: hashString(b, hashString(a)) is the hash of a + b. */
export function hashString(s: string, h: number): number {
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
