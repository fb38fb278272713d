/** Identifiers longer than this are base64 blobs or hashes: noise (as in `scanIdentifiers`). */
const MAX_IDENT = 64;
/** Pool size (32-bit words) past which new identifiers are split every time instead of remembered. */
const MAX_POOL = 1 << 26;

/**
 * Remembers, for each distinct identifier seen in a build, the term ids it contributes. The ~10 million
 * identifier occurrences of a large repository are the hot loop of the cold index build, so the scan
 * hashes characters as it reads them, and everything a hit needs sits in two flat arrays: the slot table
 * (hash, pool offset) and a pool record (length, characters, id count, ids). A hit costs about two cache
 * misses and allocates nothing; only a first sighting slices out a string to split.
 */
export class IdentTable {
  private slots = new Int32Array(2 << 16);
  private used = 0;
  private pool = new Int32Array(1 << 20);
  private top = 0;
  private readonly idsOf: (ident: string) => number[];

  /** `idsOf` gives the term ids (in the index being built) of an identifier seen for the first time. */
  constructor(idsOf: (ident: string) => number[]) {
    this.idsOf = idsOf;
  }

  /** Calls `count(id)` for each term id of the identifier `ident`. */
  countIdent(ident: string, count: (id: number) => void): void {
    let h = 0x811c9dc5;
    for (let i = 0; i < ident.length; i++) h = Math.imul(h ^ ident.charCodeAt(i), 0x01000193);
    const at = this.find(ident, 0, ident.length, h | 1);
    if (at >= 0) {
      const pool = this.pool;
      const ids = at + 1 + (pool[at] ?? 0);
      const end = ids + 1 + (pool[ids] ?? 0);
      for (let k = ids + 1; k < end; k++) count(pool[k] as number);
    } else {
      for (const id of this.add(ident, 0, ident.length, h | 1)) count(id);
    }
  }

  /** Calls `count(id)` for every term of every identifier in `text` (see `forEachTerm` for the terms). */
  countTerms(text: string, count: (id: number) => void): void {
    const n = text.length;
    let i = 0;
    while (i < n) {
      let c = text.charCodeAt(i);
      // Identifier start: [A-Za-z_$]
      if (!((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 36)) {
        i++;
        continue;
      }
      const start = i;
      let h = 0x811c9dc5;
      do {
        h = Math.imul(h ^ c, 0x01000193);
        c = ++i < n ? text.charCodeAt(i) : 0;
      } while ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 36);
      if (i - start > MAX_IDENT) continue;
      const at = this.find(text, start, i, h | 1);
      if (at >= 0) {
        const pool = this.pool;
        const ids = at + 1 + (pool[at] ?? 0);
        const end = ids + 1 + (pool[ids] ?? 0);
        for (let k = ids + 1; k < end; k++) count(pool[k] as number);
      } else {
        for (const id of this.add(text, start, i, h | 1)) count(id);
      }
    }
  }

  /** Pool offset of the record for text[start, end), or -1. Hashes are odd so that 0 marks a free slot. */
  private find(text: string, start: number, end: number, h: number): number {
    const slots = this.slots;
    const pool = this.pool;
    const mask = (slots.length >> 1) - 1;
    const len = end - start;
    for (let s = h & mask; ; s = (s + 1) & mask) {
      const sh = slots[2 * s] ?? 0;
      if (sh === 0) return -1;
      if (sh !== h) continue;
      const at = slots[2 * s + 1] ?? 0;
      if (pool[at] !== len) continue;
      let k = 0;
      while (k < len && pool[at + 1 + k] === text.charCodeAt(start + k)) k++;
      if (k === len) return at;
    }
  }

  private add(text: string, start: number, end: number, h: number): readonly number[] {
    const ids = this.idsOf(text.slice(start, end));
    const len = end - start;
    const size = len + ids.length + 2;
    if (this.top + size > MAX_POOL) return ids;
    if (this.top + size > this.pool.length) {
      const next = new Int32Array(Math.min(MAX_POOL, Math.max(this.pool.length * 2, this.top + size)));
      next.set(this.pool.subarray(0, this.top));
      this.pool = next;
    }
    const pool = this.pool;
    const at = this.top;
    pool[at] = len;
    for (let k = 0; k < len; k++) pool[at + 1 + k] = text.charCodeAt(start + k);
    pool[at + 1 + len] = ids.length;
    for (let k = 0; k < ids.length; k++) pool[at + 2 + len + k] = ids[k] as number;
    this.top += size;
    this.insert(h, at);
    return ids;
  }

  private insert(h: number, at: number): void {
    if (4 * (this.used + 1) > this.slots.length) {
      const old = this.slots;
      this.slots = new Int32Array(old.length * 2);
      for (let s = 0; s < old.length; s += 2) if (old[s] !== 0) this.place(old[s] ?? 0, old[s + 1] ?? 0);
    }
    this.place(h, at);
    this.used++;
  }

  private place(h: number, at: number): void {
    const mask = (this.slots.length >> 1) - 1;
    let s = h & mask;
    while (this.slots[2 * s] !== 0) s = (s + 1) & mask;
    this.slots[2 * s] = h;
    this.slots[2 * s + 1] = at;
  }
}
