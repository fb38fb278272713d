import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Logger } from "../log/logger.ts";
import type { FileKind } from "./classify.ts";
import type { LocalIndex } from "./store.ts";

const VERSION = 2;
/** Indexes of older commits kept as bases for incremental updates. */
const KEEP = 4;

interface Meta {
  version: number;
  filesHash: string;
  docs: [string, string, FileKind, number][];
  lengths: { c: number[]; p: number[]; d: number[] };
  terms: string[];
}

export function filesHash(files: readonly string[]): string {
  const h = createHash("sha256");
  for (const f of files) h.update(f).update("\0");
  return h.digest("hex");
}

function base(dir: string, commit: string): string {
  return join(dir, `${commit}.idx`);
}

export function isCacheableCommit(commit: string | undefined): commit is string {
  return commit !== undefined && /^[0-9a-f]{7,64}$/i.test(commit);
}

/** The cached index for `commit`; null when absent or unreadable (a corrupt cache is just rebuilt). */
export function loadIndex(
  dir: string,
  commit: string,
  logger?: Logger,
): { index: LocalIndex; filesHash: string } | null {
  const at = base(dir, commit);
  try {
    const meta = JSON.parse(readFileSync(`${at}.json`, "utf8")) as Meta;
    if (meta.version !== VERSION) return null;
    const raw = readFileSync(`${at}.bin`);
    // Typed-array views need 4-byte alignment; a Buffer from a pool may not have it.
    const bin = raw.byteOffset % 4 === 0 ? raw : Buffer.from(raw);
    const words = new Int32Array(bin.buffer, bin.byteOffset, bin.byteLength / 4);
    const nOffsets = meta.terms.length + 1;
    const offsets = new Uint32Array(words.buffer, words.byteOffset, nOffsets);
    const data = words.subarray(nOffsets);
    const terms = new Map<string, number>();
    meta.terms.forEach((t, i) => {
      terms.set(t, i);
    });
    return {
      filesHash: meta.filesHash,
      index: {
        docs: meta.docs.map(([path, key, kind, lines]) => ({ path, key, kind, lines })),
        lengths: {
          c: Uint32Array.from(meta.lengths.c),
          p: Uint32Array.from(meta.lengths.p),
          d: Uint32Array.from(meta.lengths.d),
        },
        terms,
        offsets,
        data,
      },
    };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT")
      logger?.warn({ err: error, path: at }, "index cache unreadable; rebuilding");
    return null;
  }
}

/** The most recently written index of another commit, as a base for an incremental update. */
export function latestOtherCommit(dir: string, commit: string): string | null {
  try {
    const found = readdirSync(dir)
      .filter((f) => f.endsWith(".idx.json") && !f.startsWith(`${commit}.`))
      .map((f) => ({ c: f.slice(0, -".idx.json".length), t: statSync(join(dir, f)).mtimeMs }))
      .sort((a, b) => b.t - a.t);
    return found[0]?.c ?? null;
  } catch {
    return null;
  }
}

export function saveIndex(dir: string, commit: string, index: LocalIndex, hash: string, logger?: Logger): void {
  try {
    mkdirSync(dir, { recursive: true });
    const terms = [...index.terms.keys()];
    const meta: Meta = {
      version: VERSION,
      filesHash: hash,
      docs: index.docs.map((d) => [d.path, d.key, d.kind, d.lines]),
      lengths: { c: [...index.lengths.c], p: [...index.lengths.p], d: [...index.lengths.d] },
      terms,
    };
    const bin = new Int32Array(index.offsets.length + index.data.length);
    bin.set(new Int32Array(index.offsets.buffer, index.offsets.byteOffset, index.offsets.length));
    bin.set(index.data, index.offsets.length);
    const at = base(dir, commit);
    const tmp = `${at}.${process.pid}.${Date.now()}.tmp`;
    // Binary first, metadata last: a reader that sees the metadata also sees its postings.
    writeFileSync(`${tmp}.bin`, new Uint8Array(bin.buffer, bin.byteOffset, bin.byteLength));
    renameSync(`${tmp}.bin`, `${at}.bin`);
    writeFileSync(`${tmp}.json`, JSON.stringify(meta));
    renameSync(`${tmp}.json`, `${at}.json`);
    prune(dir);
  } catch (error) {
    // A cache that cannot be written costs speed, not correctness.
    logger?.warn({ err: error, dir }, "index cache not written");
  }
}

function prune(dir: string): void {
  const metas = readdirSync(dir)
    .filter((f) => f.endsWith(".idx.json"))
    .map((f) => ({ f, t: statSync(join(dir, f)).mtimeMs }))
    .sort((a, b) => b.t - a.t);
  for (const { f } of metas.slice(KEEP)) {
    const stem = f.slice(0, -".json".length);
    rmSync(join(dir, `${stem}.json`), { force: true });
    rmSync(join(dir, `${stem}.bin`), { force: true });
  }
}
