import { closeSync, constants, openSync, readSync } from "node:fs";
import { join } from "node:path";
import { classifyContent, type FileKind, indexesContent, MAX_INDEXED_BYTES, PathClassifier } from "./classify.ts";
import { extractDefinitions } from "./defs.ts";
import { IdentTable } from "./idents.ts";
import { type DocRecord, type Field, IndexBuilder, type LocalIndex } from "./store.ts";
import { pathStem, termsOf } from "./tokens.ts";

const decoder = new TextDecoder("utf-8", { fatal: false });
// Not following a symlink keeps a hostile repository from pulling files outside it into the prompt;
// non-blocking keeps a FIFO from hanging the read.
const OPEN_FLAGS = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;

/** One buffer reused for every read of a build: reading 50,000 files allocates once, not 50,000 times. */
export class FileReader {
  private buf = Buffer.allocUnsafe(1 << 16);
  private readonly paths = new PathClassifier();

  /** Reads and classifies one file. Never throws: a file that vanished or cannot be read is indexed by path. */
  read(root: string, path: string): { kind: FileKind; text: string } {
    let kind = this.paths.classify(path);
    if (!indexesContent(kind)) return { kind, text: "" };
    let fd = -1;
    try {
      // No stat: git checks out regular files and symlinks only, a directory (submodule) fails the read,
      // and reading one byte past the limit tells a huge file. Fewer syscalls per file add up at 50,000.
      fd = openSync(join(root, path), OPEN_FLAGS);
      let len = 0;
      // A short read of a regular file is its end: most files take one read call, not two.
      for (let want = 1, got = 1; got === want && len <= MAX_INDEXED_BYTES; len += got) {
        if (len === this.buf.length) this.buf = Buffer.concat([this.buf, Buffer.allocUnsafe(this.buf.length)]);
        want = Math.min(this.buf.length, MAX_INDEXED_BYTES + 1) - len;
        got = readSync(fd, this.buf, len, want, null);
      }
      if (len > MAX_INDEXED_BYTES) return { kind: "huge", text: "" };
      const bytes = this.buf.subarray(0, len);
      const text = decoder.decode(bytes);
      kind = classifyContent(kind, bytes, text);
      return indexesContent(kind) ? { kind, text } : { kind, text: "" };
    } catch {
      return { kind: "binary", text: "" };
    } finally {
      if (fd >= 0) closeSync(fd);
    }
  }
}

/** Turns file text into term ids; remembers each distinct identifier's ids for the whole build. */
class Tokenizer {
  private readonly builder: IndexBuilder;
  private readonly tables: Record<"c" | "p", IdentTable>;
  private readonly count: (id: number) => void;
  private readonly defs: IdentTable;
  private readonly countDef: (id: number) => void;

  constructor(builder: IndexBuilder) {
    this.builder = builder;
    this.count = (id) => builder.count(id);
    const words = (field: Field) => (ident: string) => termsOf(ident).map((t) => builder.intern(field, t));
    this.tables = { c: new IdentTable(words("c")), p: new IdentTable(words("p")) };
    // A defined name gives two terms: lower-cased for lexical matching, and exact ("d:=Name") so that
    // `Host` does not find `host`; the second is counted once per file.
    this.defs = new IdentTable((name) => [builder.intern("d", name.toLowerCase()), -1 - builder.internExact(name)]);
    this.countDef = (id) => (id >= 0 ? builder.count(id) : builder.countOnce(-1 - id));
  }

  countTerms(field: "c" | "p", text: string): void {
    this.tables[field].countTerms(text, this.count);
    this.builder.endField(field);
  }

  countDefinitions(path: string, text: string): void {
    for (const d of extractDefinitions(path, text)) this.defs.countIdent(d.name, this.countDef);
    this.builder.endField("d");
  }
}

function countLines(text: string): number {
  let lines = text ? 1 : 0;
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) lines++;
  return lines;
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
  const tokens = new Tokenizer(builder);
  const reader = new FileReader();
  const prev = opts.previous;
  const reusable = new Map<string, number>();
  if (prev && opts.keys) {
    prev.docs.forEach((d, i) => {
      if (d.key && opts.keys?.get(d.path) === d.key) reusable.set(d.path, i);
    });
  }
  const remap = new Int32Array(prev?.docs.length ?? 0).fill(-1);
  let read = 0;
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
    const { kind, text } = reader.read(opts.root, path);
    read++;
    builder.beginDoc({ path, key, kind, lines: countLines(text) });
    tokens.countTerms("c", text);
    tokens.countTerms("p", pathStem(path));
    tokens.countDefinitions(path, text);
  }
  if (prev && reusable.size > 0) copyPostings(prev, remap, builder);
  return { index: builder.build(), reused: reusable.size, read };
}

function copyPostings(prev: LocalIndex, remap: Int32Array, builder: IndexBuilder): void {
  for (let i = 0; i < prev.dict.size; i++) {
    const term = prev.dict.term(i);
    const start = 2 * (prev.offsets[i] ?? 0);
    const end = 2 * (prev.offsets[i + 1] ?? 0);
    for (let j = start; j < end; j += 2) {
      const to = remap[prev.data[j] ?? 0] ?? -1;
      if (to >= 0) builder.push(term, to, prev.data[j + 1] ?? 0);
    }
  }
}
