/**
 * Counts one document field's term occurrences and appends them as (term, doc, tf) triples. The scratch is
 * a small open-addressing table (term id → count) that stays in the CPU cache, where arrays indexed by
 * term id would cost a cache miss per distinct term of every document.
 */
export class FieldCounter {
  // Replaced when full; stored twice, as in TermPool, so that optimized code does not take them for constants.
  private slotIds = new Int32Array(0);
  private slotCounts = new Int32Array(0);
  private readonly touched: number[] = [];
  /** Triples (term, doc, tf), `length` ints used. */
  triples = new Int32Array(0);
  length = 0;

  constructor() {
    this.slotIds = new Int32Array(1024).fill(-1);
    this.slotCounts = new Int32Array(1024);
    this.triples = new Int32Array(1 << 16);
  }

  /** Counts one occurrence of term `id`. */
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

  /** Counts `id` once per field, however often it is passed. */
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

  /** Emits the field's triples for `doc`, in first-seen order so that nothing depends on hash order; returns the field length. */
  endField(doc: number): number {
    let len = 0;
    if (this.length + 3 * this.touched.length > this.triples.length) {
      const next = new Int32Array(Math.max(this.triples.length * 2, this.length + 3 * this.touched.length));
      next.set(this.triples.subarray(0, this.length));
      this.triples = next;
    }
    const out = this.triples;
    for (const s of this.touched) {
      const tf = this.slotCounts[s] ?? 0;
      len += tf;
      out[this.length++] = this.slotIds[s] ?? 0;
      out[this.length++] = doc;
      out[this.length++] = tf;
      this.slotIds[s] = -1;
    }
    this.touched.length = 0;
    return len;
  }

  /** The triples so far, copied out; the counter starts over. */
  take(): Int32Array {
    const out = this.triples.slice(0, this.length);
    this.length = 0;
    return out;
  }

  private insertSlot(s: number, id: number): void {
    this.slotIds[s] = id;
    this.slotCounts[s] = 1;
    this.touched.push(s);
    if (2 * this.touched.length > this.slotIds.length) this.growSlots();
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
