import { availableParallelism } from "node:os";
import type { Logger } from "../../log/logger.ts";
import { IndexMerger } from "./merge.ts";
import { ShardBuilder } from "./shard.ts";
import { runShards } from "./shard-threads.ts";
import type { DocRecord, LocalIndex } from "./store.ts";

export { FileReader } from "./read.ts";

/**
 * Below this many files to read, one thread is as fast: a worker's start, warm-up and compilation (about
 * half a second of CPU on a 2-core machine) and merging its terms cost what it saves. On the generated
 * 50,000-file bench repository, two threads broke even near 20,000 files and saved ~20 % at 50,000.
 */
const PARALLEL_FROM = 20_000;
/** Work is handed out in about this many chunks, so that threads of unequal speed finish together. */
const CHUNKS = 64;
const MIN_CHUNK = 64;
const MAX_WORKERS = 3;

export interface BuildOptions {
  root: string;
  files: readonly string[];
  /** Content identity per path (git blob ids); absent entries are never reused. */
  keys?: ReadonlyMap<string, string>;
  /** An earlier index: documents whose path and key match are copied instead of re-read. */
  previous?: LocalIndex | undefined;
  /** Worker threads to read with, besides the calling thread. Default: one per other core, at most 3. */
  workers?: number;
  /** Fewest files to read for workers to be started. Default 20,000. */
  parallelFrom?: number;
  /** Files per chunk of work. Default: the files to read over 64, at least 64. */
  chunkSize?: number;
  logger?: Logger | undefined;
}

/**
 * Indexes `files`. The result depends only on the files, the keys and `previous`: reading in parallel, in
 * chunks of any size, gives the same index, byte for byte, as one thread reading everything in order.
 */
export async function buildIndex(opts: BuildOptions): Promise<{ index: LocalIndex; reused: number; read: number }> {
  const prev = opts.previous;
  const reusable = new Map<string, number>();
  if (prev && opts.keys) {
    prev.docs.forEach((d, i) => {
      if (d.key && opts.keys?.get(d.path) === d.key) reusable.set(d.path, i);
    });
  }
  const unique = [...new Set(opts.files)];
  const own = new ShardBuilder();
  const merger = new IndexMerger(unique.length, own.terms);
  const remap = new Int32Array(prev?.docs.length ?? 0).fill(-1);
  const reads: string[] = [];
  const readDocs = new Int32Array(unique.length);
  unique.forEach((path, doc) => {
    const old = reusable.get(path);
    if (prev && old !== undefined) {
      remap[old] = doc;
      merger.reuse(doc, prev.docs[old] as DocRecord, {
        c: prev.lengths.c[old] ?? 0,
        p: prev.lengths.p[old] ?? 0,
        d: prev.lengths.d[old] ?? 0,
      });
    } else {
      readDocs[reads.length] = doc;
      reads.push(path);
    }
  });
  const parallel = reads.length >= (opts.parallelFrom ?? PARALLEL_FROM);
  const workers = parallel ? (opts.workers ?? Math.min(MAX_WORKERS, availableParallelism() - 1)) : 0;
  const chunkSize = Math.max(
    1,
    opts.chunkSize ?? (workers > 0 ? Math.max(MIN_CHUNK, Math.ceil(reads.length / CHUNKS)) : reads.length),
  );
  const run = { own, root: opts.root, paths: reads, chunkSize, workers, logger: opts.logger };
  await runShards(run, (shard, chunk, result) => {
    const from = chunk * chunkSize;
    const to = from + result.kinds.length;
    const paths = reads.slice(from, to);
    merger.addChunk(
      shard,
      result,
      readDocs.slice(from, to),
      paths,
      paths.map((p) => opts.keys?.get(p) ?? ""),
    );
  });
  if (prev && reusable.size > 0) merger.copyPostings(prev, remap);
  return { index: merger.freeze(), reused: reusable.size, read: reads.length };
}
