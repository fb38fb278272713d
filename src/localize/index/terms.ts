import { FNV_OFFSET, hashString, TermDict } from "./dict.ts";

const utf16 = new TextDecoder("utf-16le");
/** Byte → the same byte, and byte → its ASCII lower case. */
const SAME = Uint8Array.from({ length: 256 }, (_, c) => c);
const LOWER = Uint8Array.from({ length: 256 }, (_, c) => (c >= 65 && c <= 90 ? c + 32 : c));

/**
 * A growing term dictionary of field-prefixed terms ("c:foo") kept as UTF-16 code units in one pool.
 * Ids are handed out in first-seen order. Nothing allocates a string per term: a shard interns from the
 * bytes of the file it reads, the merge from the code units shards send. Probing reads (hash, id) pairs side
 * by side, so that a miss costs one cache line, not a look at every colliding term.
 */
export class TermPool {
  // The arrays below are replaced when they fill up. Each is stored twice, empty here and sized in the
  // constructor, so that V8 sees from the start that they change: code optimized on the assumption that
  // they are constants would be thrown away, and compiled again, at the first growth.
  private chars = new Uint16Array(0);
  /** `starts[id]` .. `starts[id + 1]` holds term `id`; `starts[size]` is the end of the pool. */
  private starts = new Uint32Array(0);
  private hashes = new Int32Array(0);
  private count = 0;
  /** (hash, id) per slot, id -1 when free; a power of two of at least twice the terms, like TermDict's table. */
  private slots = new Int32Array(0);

  constructor() {
    this.chars = new Uint16Array(1 << 16);
    this.starts = new Uint32Array(1 << 12);
    this.hashes = new Int32Array(1 << 12);
    this.slots = new Int32Array(32).fill(-1);
  }

  get size(): number {
    return this.count;
  }

  /**
   * The id of `prefix` followed by the ASCII `bytes[start, end)`, lower-cased when `fold`; added if new,
   * or -1 when `lookupOnly` and absent.
   */
  internBytes(
    prefix: string,
    bytes: Uint8Array,
    start: number,
    end: number,
    fold: boolean,
    lookupOnly = false,
  ): number {
    const map = fold ? LOWER : SAME;
    let h = hashString(prefix, FNV_OFFSET);
    for (let i = start; i < end; i++) h = Math.imul(h ^ (map[bytes[i] as number] as number), 0x01000193);
    h |= 0;
    const plen = prefix.length;
    const len = plen + end - start;
    const slots = this.slots;
    const chars = this.chars;
    const mask = (slots.length >> 1) - 1;
    for (let s = h & mask; ; s = (s + 1) & mask) {
      const id = slots[2 * s + 1] as number;
      if (id === -1) break;
      if (slots[2 * s] !== h) continue;
      const at = this.starts[id] as number;
      if ((this.starts[id + 1] as number) - at !== len) continue;
      let k = 0;
      while (k < plen && chars[at + k] === prefix.charCodeAt(k)) k++;
      if (k < plen) continue;
      const t = at + plen - start;
      k = start;
      while (k < end && chars[t + k] === map[bytes[k] as number]) k++;
      if (k === end) return id;
    }
    if (lookupOnly) return -1;
    const at = this.reserve(len);
    const out = this.chars;
    for (let k = 0; k < plen; k++) out[at + k] = prefix.charCodeAt(k);
    for (let k = start; k < end; k++) out[at + plen + k - start] = map[bytes[k] as number] as number;
    return this.append(h, len);
  }

  /**
   * The id of the term held in `units[start, end)` with hash `hashes[k]` (as `hashString` gives), added if
   * new. The hash is passed by place: a hash outside V8's small-integer range would be boxed per call.
   */
  internUnits(units: Uint16Array, start: number, end: number, hashes: Int32Array, k: number): number {
    const h = hashes[k] as number;
    const len = end - start;
    const slots = this.slots;
    const chars = this.chars;
    const mask = (slots.length >> 1) - 1;
    for (let s = h & mask; ; s = (s + 1) & mask) {
      const id = slots[2 * s + 1] as number;
      if (id === -1) break;
      if (slots[2 * s] !== h) continue;
      const at = this.starts[id] as number;
      if ((this.starts[id + 1] as number) - at !== len) continue;
      let i = 0;
      while (i < len && chars[at + i] === units[start + i]) i++;
      if (i === len) return id;
    }
    const at = this.reserve(len);
    for (let i = 0; i < len; i++) this.chars[at + i] = units[start + i] as number;
    return this.append(h, len);
  }

  /** As `internUnits`, for a term held in a string. */
  internSlice(text: string, start: number, end: number, h: number): number {
    h |= 0;
    const len = end - start;
    const slots = this.slots;
    const chars = this.chars;
    const mask = (slots.length >> 1) - 1;
    for (let s = h & mask; ; s = (s + 1) & mask) {
      const id = slots[2 * s + 1] as number;
      if (id === -1) break;
      if (slots[2 * s] !== h) continue;
      const at = this.starts[id] as number;
      if ((this.starts[id + 1] as number) - at !== len) continue;
      let k = 0;
      while (k < len && chars[at + k] === text.charCodeAt(start + k)) k++;
      if (k === len) return id;
    }
    const at = this.reserve(len);
    for (let k = 0; k < len; k++) this.chars[at + k] = text.charCodeAt(start + k);
    return this.append(h, len);
  }

  /** Terms `from` .. `size`, copied out: their code units, which start at pool offset `base`, their end offsets and hashes. */
  since(from: number): { units: Uint16Array; base: number; ends: Uint32Array; hashes: Int32Array } {
    const base = this.starts[from] as number;
    return {
      units: this.chars.slice(base, this.starts[this.count]),
      base,
      ends: this.starts.slice(from + 1, this.count + 1),
      hashes: this.hashes.slice(from, this.count),
    };
  }

  /** The dictionary as TermDict stores it; its table is laid out as inserting every id in order would. */
  toDict(): TermDict {
    const table = new Int32Array(this.slots.length >> 1);
    for (let s = 0; s < table.length; s++) table[s] = this.slots[2 * s + 1] as number;
    const starts = this.starts.slice(0, this.count + 1);
    return new TermDict(text(this.chars.subarray(0, this.starts[this.count])), starts, table);
  }

  private reserve(len: number): number {
    const at = this.starts[this.count] as number;
    if (at + len > this.chars.length) {
      const next = new Uint16Array(Math.max(this.chars.length * 2, at + len));
      next.set(this.chars.subarray(0, at));
      this.chars = next;
    }
    return at;
  }

  private append(h: number, len: number): number {
    const id = this.count;
    const end = (this.starts[id] as number) + len;
    if (id + 2 > this.starts.length) {
      this.starts = grow(this.starts);
      this.hashes = grow(this.hashes);
    }
    this.hashes[id] = h;
    this.count++;
    this.starts[this.count] = end;
    // Linear probing fills slots in id order; growing re-inserts in id order too, so the layout is the
    // one a table built at its final size in one go would have, whatever the order of growth.
    if (this.slots.length < 4 * this.count) this.rehash();
    else this.place(id, h);
    return id;
  }

  private rehash(): void {
    this.slots = new Int32Array(this.slots.length * 2).fill(-1);
    for (let id = 0; id < this.count; id++) this.place(id, this.hashes[id] as number);
  }

  private place(id: number, h: number): void {
    const slots = this.slots;
    const mask = (slots.length >> 1) - 1;
    let s = h & mask;
    while (slots[2 * s + 1] !== -1) s = (s + 1) & mask;
    slots[2 * s] = h;
    slots[2 * s + 1] = id;
  }
}

/** The string of UTF-16 `units`: copied byte by byte when all are below 256 (terms are ASCII), which is far faster than decoding. */
function text(units: Uint16Array): string {
  const bytes = Buffer.allocUnsafe(units.length);
  for (let i = 0; i < units.length; i++) {
    const u = units[i] as number;
    if (u > 0xff) return utf16.decode(units);
    bytes[i] = u;
  }
  return bytes.toString("latin1");
}

function grow<T extends Uint32Array<ArrayBuffer> | Int32Array<ArrayBuffer>>(a: T): T {
  const next = new (a.constructor as new (n: number) => T)(a.length * 2);
  next.set(a);
  return next;
}
