/** Identifiers longer than this are base64 blobs or hashes: noise (as in `scanIdentifiers`). */
const MAX_IDENT = 64;
/** Pool size (32-bit words) past which new identifiers are split every time instead of remembered. */
const MAX_POOL = 1 << 26;

/** Per byte: 1 starts an identifier ([A-Za-z_$]), 2 only continues one ([0-9]), 0 neither. */
const CLASS = new Uint8Array(256);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  if (/[A-Za-z_$]/.test(ch)) CLASS[c] = 1;
  else if (/[0-9]/.test(ch)) CLASS[c] = 2;
}

/** The term ids of the identifier in `bytes[start, end)` (ASCII). */
export type IdsOf = (bytes: Uint8Array, start: number, end: number) => number[];

/**
 * Remembers, for each distinct identifier seen in a build, the term ids it contributes. The ~10 million
 * identifier occurrences of a large repository are the hot loop of the cold index build, so the scan
 * hashes characters as it reads them, and everything a hit needs sits in two flat arrays: the slot table
 * (hash, pool offset) and a pool record (length, characters, id count, ids). A hit costs about two cache
 * misses and allocates nothing; only a first sighting is split into terms.
 *
 * The scan reads UTF-8 bytes, not the decoded text: identifier characters are ASCII, and every byte of
 * a multi-byte character (or of an undecodable sequence) is 0x80 or above, so both give the same
 * identifiers, and a typed array is read faster than a string.
 */
export class IdentTable {
  // Replaced when full; stored twice, as in TermPool, so that optimized code does not take them for constants.
  private slots = new Int32Array(0);
  private used = 0;
  private pool = new Int32Array(0);
  private top = 0;
  private scratch = new Uint8Array(0);
  private readonly idsOf: IdsOf;

  /** `idsOf` gives the term ids (in the index being built) of an identifier seen for the first time. */
  constructor(idsOf: IdsOf) {
    this.slots = new Int32Array(2 << 16);
    this.pool = new Int32Array(1 << 20);
    this.scratch = new Uint8Array(256);
    this.idsOf = idsOf;
  }

  /** Calls `count(id)` for each term id of the identifier `ident` (ASCII, as definition names are). */
  countIdent(ident: string, count: (id: number) => void): void {
    const len = ident.length;
    if (len > this.scratch.length) this.scratch = new Uint8Array(2 * len);
    const bytes = this.scratch;
    let h = 0x811c9dc5;
    for (let i = 0; i < len; i++) {
      const c = ident.charCodeAt(i);
      bytes[i] = c;
      h = Math.imul(h ^ c, 0x01000193);
    }
    const at = this.find(bytes, 0, len, h | 1);
    if (at >= 0) this.countRecord(at, count);
    else for (const id of this.add(bytes, 0, len, h | 1)) count(id);
  }

  /** Calls `count(id)` for every term of every identifier in `bytes[0, n)` (see `forEachTerm` for the terms). */
  countTerms(bytes: Uint8Array, n: number, count: (id: number) => void): void {
    let i = 0;
    while (i < n) {
      let c = bytes[i] as number;
      if (CLASS[c] !== 1) {
        i++;
        continue;
      }
      const start = i;
      let h = 0x811c9dc5;
      do {
        h = Math.imul(h ^ c, 0x01000193);
        c = ++i < n ? (bytes[i] as number) : 0;
      } while (CLASS[c] !== 0);
      if (i - start > MAX_IDENT) continue;
      const at = this.find(bytes, start, i, h | 1);
      if (at >= 0) this.countRecord(at, count);
      else for (const id of this.add(bytes, start, i, h | 1)) count(id);
    }
  }

  private countRecord(at: number, count: (id: number) => void): void {
    const pool = this.pool;
    const ids = at + 1 + (pool[at] as number);
    const end = ids + 1 + (pool[ids] as number);
    for (let k = ids + 1; k < end; k++) count(pool[k] as number);
  }

  /** Pool offset of the record for bytes[start, end), or -1. Hashes are odd so that 0 marks a free slot. */
  private find(bytes: Uint8Array, start: number, end: number, h: number): number {
    const slots = this.slots;
    const pool = this.pool;
    const mask = (slots.length >> 1) - 1;
    const len = end - start;
    for (let s = h & mask; ; s = (s + 1) & mask) {
      const sh = slots[2 * s] as number;
      if (sh === 0) return -1;
      if (sh !== h) continue;
      const at = slots[2 * s + 1] as number;
      if (pool[at] !== len) continue;
      let k = 0;
      while (k < len && pool[at + 1 + k] === bytes[start + k]) k++;
      if (k === len) return at;
    }
  }

  private add(bytes: Uint8Array, start: number, end: number, h: number): readonly number[] {
    const ids = this.idsOf(bytes, start, end);
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
    for (let k = 0; k < len; k++) pool[at + 1 + k] = bytes[start + k] as number;
    pool[at + 1 + len] = ids.length;
    for (let k = 0; k < ids.length; k++) pool[at + 2 + len + k] = ids[k] as number;
    this.top += size;
    this.insert(h, at);
    return ids;
  }

  private insert(h: number, at: number): void {
    if (4 * (this.used + 1) > this.slots.length) this.grow();
    this.place(h, at);
    this.used++;
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Int32Array(old.length * 2);
    for (let s = 0; s < old.length; s += 2) if (old[s] !== 0) this.place(old[s] ?? 0, old[s + 1] ?? 0);
  }

  private place(h: number, at: number): void {
    const mask = (this.slots.length >> 1) - 1;
    let s = h & mask;
    while (this.slots[2 * s] !== 0) s = (s + 1) & mask;
    this.slots[2 * s] = h;
    this.slots[2 * s + 1] = at;
  }
}
