import { TermPool } from "./terms.ts";
import { STOP_WORDS } from "./tokens.ts";

const DIGIT = 1;
const LOWER = 2;
const UPPER = 3;
/** Per byte: DIGIT, LOWER, UPPER, or 0 (`_`, `$`: word separators inside an identifier). */
const KIND = Uint8Array.from({ length: 256 }, (_, c) =>
  c >= 48 && c <= 57 ? DIGIT : c >= 97 && c <= 122 ? LOWER : c >= 65 && c <= 90 ? UPPER : 0,
);

/**
 * `termsOf` (tokens.ts) on the bytes of an identifier, interned straight into a TermPool: the same
 * words, split at the same places and lower-cased, dropped by the same rules, but without a string per
 * word. It runs once per distinct identifier of a shard, which on a large repository is millions of times.
 */
export class TermSplitter {
  private readonly pool: TermPool;
  private readonly stops = new TermPool();
  private readonly longestStop: number;
  private bounds = new Int32Array(2 * 65);

  constructor(pool: TermPool) {
    this.pool = pool;
    for (const w of STOP_WORDS) {
      const bytes = Uint8Array.from(w, (ch) => ch.charCodeAt(0));
      this.stops.internBytes("", bytes, 0, bytes.length, false);
    }
    this.longestStop = Math.max(...STOP_WORDS.map((w) => w.length));
  }

  /** The term ids, under `prefix`, of the identifier in `bytes[start, end)`, in `termsOf` order. */
  ids(prefix: string, bytes: Uint8Array, start: number, end: number): number[] {
    if (2 * (end - start) > this.bounds.length) this.bounds = new Int32Array(2 * (end - start));
    const b = this.bounds;
    let words = 0;
    let i = start;
    while (i < end) {
      const kind = KIND[bytes[i] as number] as number;
      let j = i + 1;
      if (kind === DIGIT || kind === LOWER) {
        while (j < end && KIND[bytes[j] as number] === kind) j++;
      } else if (kind === UPPER) {
        while (j < end && KIND[bytes[j] as number] === UPPER) j++;
        if (j < end && KIND[bytes[j] as number] === LOWER) {
          // `HTTPAdapter`: the run's last capital starts the next word; `Adapter`: one capital heads its word.
          if (j - i > 1) j--;
          else while (j < end && KIND[bytes[j] as number] === LOWER) j++;
        }
      } else {
        i++;
        continue;
      }
      b[2 * words] = i;
      b[2 * words + 1] = j;
      words++;
      i = j;
    }
    const out: number[] = [];
    if (words > 1 && !this.isStop(bytes, start, end)) out.push(this.pool.internBytes(prefix, bytes, start, end, true));
    for (let w = 0; w < words; w++) {
      const a = b[2 * w] as number;
      const z = b[2 * w + 1] as number;
      if (z - a > 1 && KIND[bytes[a] as number] !== DIGIT && !this.isStop(bytes, a, z))
        out.push(this.pool.internBytes(prefix, bytes, a, z, true));
    }
    return out;
  }

  private isStop(bytes: Uint8Array, start: number, end: number): boolean {
    return end - start <= this.longestStop && this.stops.internBytes("", bytes, start, end, true, true) >= 0;
  }
}
