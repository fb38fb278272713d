import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { classifyContent, classifyPath, type FileKind, indexesContent, MAX_INDEXED_BYTES } from "./classify.ts";
import { extractDefinitions } from "./defs.ts";
import { type DocRecord, type Field, IndexBuilder, type LocalIndex } from "./store.ts";
import { pathTerms, termCounts } from "./tokens.ts";

const decoder = new TextDecoder("utf-8", { fatal: false });

/** Reads and classifies one file. Never throws: a file that vanished or cannot be read is indexed by path. */
export function readDoc(root: string, path: string): { kind: FileKind; text: string } {
  let kind = classifyPath(path);
  if (!indexesContent(kind)) return { kind, text: "" };
  try {
    const full = join(root, path);
    const st = statSync(full);
    if (!st.isFile()) return { kind: "binary", text: "" };
    if (st.size > MAX_INDEXED_BYTES) return { kind: "huge", text: "" };
    const bytes = readFileSync(full);
    const text = decoder.decode(bytes);
    kind = classifyContent(kind, bytes, text);
    return indexesContent(kind) ? { kind, text } : { kind, text: "" };
  } catch {
    return { kind: "binary", text: "" };
  }
}

export function docFields(
  path: string,
  text: string,
  memo?: Map<string, readonly string[]>,
): { fields: Record<Field, Map<string, number>>; lines: number } {
  const defs = new Map<string, number>();
  for (const d of extractDefinitions(path, text)) {
    // Lower-cased for lexical matching, and exact (prefixed "=") so that `Host` does not find `host`.
    const lower = d.name.toLowerCase();
    defs.set(lower, (defs.get(lower) ?? 0) + 1);
    defs.set(`=${d.name}`, 1);
  }
  let lines = text ? 1 : 0;
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) lines++;
  return { fields: { c: termCounts(text, memo), p: pathTerms(path), d: defs }, lines };
}

export interface BuildOptions {
  root: string;
  files: readonly string[];
  /** Content identity per path (git blob ids); absent entries are never reused. */
  keys?: ReadonlyMap<string, string>;
  /** An earlier index: documents whose path and key match are copied instead of re-read. */
  previous?: LocalIndex | undefined;
}

export function buildIndex(opts: BuildOptions): { index: LocalIndex; reused: number; read: number } {
  const builder = new IndexBuilder();
  const prev = opts.previous;
  const reusable = new Map<string, number>();
  if (prev && opts.keys) {
    prev.docs.forEach((d, i) => {
      if (d.key && opts.keys?.get(d.path) === d.key) reusable.set(d.path, i);
    });
  }
  const remap = new Int32Array(prev?.docs.length ?? 0).fill(-1);
  let read = 0;
  const memo = new Map<string, readonly string[]>();
  for (const path of new Set(opts.files)) {
    const key = opts.keys?.get(path) ?? "";
    const old = reusable.get(path);
    if (prev && old !== undefined) {
      const doc = prev.docs[old] as DocRecord;
      remap[old] = builder.addFromIndex(doc, {
        c: prev.lengths.c[old] ?? 0,
        p: prev.lengths.p[old] ?? 0,
        d: prev.lengths.d[old] ?? 0,
      });
      continue;
    }
    const { kind, text } = readDoc(opts.root, path);
    read++;
    const { fields, lines } = docFields(path, text, memo);
    builder.addDoc({ path, key, kind, lines }, fields);
  }
  if (prev && reusable.size > 0) copyPostings(prev, remap, builder);
  return { index: builder.build(), reused: reusable.size, read };
}

function copyPostings(prev: LocalIndex, remap: Int32Array, builder: IndexBuilder): void {
  for (const [term, i] of prev.terms) {
    const start = 2 * (prev.offsets[i] ?? 0);
    const end = 2 * (prev.offsets[i + 1] ?? 0);
    for (let j = start; j < end; j += 2) {
      const to = remap[prev.data[j] ?? 0] ?? -1;
      if (to >= 0) builder.push(term, to, prev.data[j + 1] ?? 0);
    }
  }
}
