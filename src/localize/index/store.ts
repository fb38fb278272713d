import type { FileKind } from "./classify.ts";
import type { TermDict } from "./dict.ts";

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
