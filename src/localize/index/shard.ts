import { FILE_KINDS } from "./classify.ts";
import { FieldCounter } from "./counter.ts";
import { extractDefinitions } from "./defs.ts";
import { IdentTable } from "./idents.ts";
import { countLines, FileReader } from "./read.ts";
import { TermSplitter } from "./split.ts";
import { TermPool } from "./terms.ts";
import { pathStem } from "./tokens.ts";

const utf8 = new TextEncoder();

/** Terms a shard saw for the first time in a chunk, in first-seen order (see `TermPool.since`). */
export interface NewTerms {
  units: Uint16Array;
  base: number;
  ends: Uint32Array;
  hashes: Int32Array;
}

/**
 * What one chunk of files contributes to the index, in flat arrays that cross threads by transfer.
 * Term ids are the shard's own; documents are numbered from 0 within the chunk.
 */
export interface ChunkResult {
  /** Per document: index into FILE_KINDS. */
  kinds: Uint8Array;
  lines: Uint32Array;
  /** Per document: field lengths c, p, d. */
  lengths: Uint32Array;
  /** (shard term id, document, tf) triples, in document order. */
  triples: Int32Array;
  terms: NewTerms;
}

/**
 * A ChunkResult with the one object layout every chunk shares, whether built here or cloned from a
 * worker's message: code optimized on one kind is not thrown away when the other comes in.
 */
export function chunkResult(r: ChunkResult): ChunkResult {
  const { units, base, ends, hashes } = r.terms;
  return {
    kinds: r.kinds,
    lines: r.lines,
    lengths: r.lengths,
    triples: r.triples,
    terms: { units, base, ends, hashes },
  };
}

export function transferList(r: ChunkResult): ArrayBuffer[] {
  return [r.kinds, r.lines, r.lengths, r.triples, r.terms.units, r.terms.ends, r.terms.hashes].map(
    (a) => a.buffer as ArrayBuffer,
  );
}

/**
 * Reads, classifies and tokenises files chunk by chunk for one thread, with a term dictionary of its own
 * that lives across its chunks: each distinct identifier is split once per shard, and a chunk reports
 * only the terms the shard had not seen. A shard must be given its chunks in file order; then its ids
 * appear in the order a single pass over all files would first see them, which the merge relies on.
 */
export class ShardBuilder {
  /** The shard's dictionary: ids in the order this shard first saw the terms. */
  readonly terms = new TermPool();
  private readonly reader = new FileReader();
  private readonly counter = new FieldCounter();
  private readonly content: IdentTable;
  private readonly path: IdentTable;
  private readonly defs: IdentTable;
  private readonly count: (id: number) => void;
  private readonly countDef: (id: number) => void;
  private reported = 0;
  private pathBytes = new Uint8Array(1024);

  constructor() {
    const counter = this.counter;
    const terms = this.terms;
    this.count = (id) => counter.count(id);
    const split = new TermSplitter(terms);
    this.content = new IdentTable((bytes, start, end) => split.ids("c:", bytes, start, end));
    this.path = new IdentTable((bytes, start, end) => split.ids("p:", bytes, start, end));
    // A defined name gives two terms: lower-cased for lexical matching, and exact ("d:=Name") so that
    // `Host` does not find `host`; the second is counted once per file.
    this.defs = new IdentTable((bytes, start, end) => [
      terms.internBytes("d:", bytes, start, end, true),
      -1 - terms.internBytes("d:=", bytes, start, end, false),
    ]);
    this.countDef = (id) => (id >= 0 ? counter.count(id) : counter.countOnce(-1 - id));
  }

  build(root: string, paths: readonly string[]): ChunkResult {
    const n = paths.length;
    const out = { kinds: new Uint8Array(n), lines: new Uint32Array(n), lengths: new Uint32Array(3 * n) };
    // One call per file, not the work inline in this loop: V8 then optimizes the per-file code as a
    // function, instead of compiling this loop on the stack for every chunk and throwing the code away
    // when the loop ends (no feedback yet for what follows it).
    for (let doc = 0; doc < n; doc++) this.readDoc(root, paths[doc] as string, doc, out);
    const terms = this.terms.since(this.reported);
    this.reported = this.terms.size;
    return chunkResult({ ...out, triples: this.counter.take(), terms });
  }

  private readDoc(
    root: string,
    path: string,
    doc: number,
    out: { kinds: Uint8Array; lines: Uint32Array; lengths: Uint32Array },
  ): void {
    const counter = this.counter;
    const { kind, text, bytes } = this.reader.read(root, path);
    out.kinds[doc] = FILE_KINDS.indexOf(kind);
    out.lines[doc] = countLines(text);
    this.content.countTerms(bytes, bytes.length, this.count);
    out.lengths[3 * doc] = counter.endField(doc);
    this.path.countTerms(this.pathBytes, this.encode(pathStem(path)), this.count);
    out.lengths[3 * doc + 1] = counter.endField(doc);
    for (const d of extractDefinitions(path, text)) this.defs.countIdent(d.name, this.countDef);
    out.lengths[3 * doc + 2] = counter.endField(doc);
  }

  /** Writes `s` as UTF-8 into the reused path buffer (see IdentTable on why bytes); returns the length. */
  private encode(s: string): number {
    if (3 * s.length > this.pathBytes.length) this.pathBytes = new Uint8Array(3 * s.length);
    return utf8.encodeInto(s, this.pathBytes).written;
  }
}
