import { createHash } from "node:crypto";
import {
  closeSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writevSync,
} from "node:fs";
import { join } from "node:path";
import type { Logger } from "../../log/logger.ts";
import { FILE_KINDS } from "./classify.ts";
import { TermDict } from "./dict.ts";
import type { LocalIndex } from "./store.ts";

// 4: the `data` kind (translation catalogs) was added.
const VERSION = 4;
const MAGIC = "booty-index\n";
/** Indexes of older commits kept as bases for incremental updates. */
const KEEP = 4;
const SUFFIX = ".idx";

/** Sizes of the sections that follow the header, in order; strings are UTF-8, NUL-separated. */
interface Header {
  version: number;
  filesHash: string;
  docs: number;
  terms: number;
  pairs: number;
  table: number;
  bytes: { paths: number; keys: number; terms: number };
}

export function filesHash(files: readonly string[]): string {
  const h = createHash("sha256");
  for (const f of files) h.update(f).update("\0");
  return h.digest("hex");
}

function fileOf(dir: string, commit: string): string {
  return join(dir, `${commit}${SUFFIX}`);
}

export function isCacheableCommit(commit: string | undefined): commit is string {
  return commit !== undefined && /^[0-9a-f]{7,64}$/i.test(commit);
}

/**
 * Layout: MAGIC, u32 header length, header JSON, padding to 4 bytes, then u32 sections (lengths c/p/d, lines,
 * offsets, dict starts, dict table), i32 pairs, u8 kinds, and the three string blobs. A load is one read and
 * a handful of typed-array views: nothing proportional to the number of terms is parsed or hashed.
 */
export function loadIndex(
  dir: string,
  commit: string,
  logger?: Logger,
): { index: LocalIndex; filesHash: string } | null {
  const at = fileOf(dir, commit);
  try {
    const raw = readFileSync(at);
    if (raw.toString("latin1", 0, MAGIC.length) !== MAGIC) return null;
    // Typed-array views need 4-byte alignment; a Buffer from a pool may not have it.
    const buf = raw.byteOffset % 4 === 0 ? raw : Buffer.from(raw);
    const headerLen = buf.readUInt32LE(MAGIC.length);
    let pos = MAGIC.length + 4;
    const header = JSON.parse(buf.toString("utf8", pos, pos + headerLen)) as Header;
    if (header.version !== VERSION) return null;
    pos = align(pos + headerLen);
    const u32 = (count: number) => {
      const view = new Uint32Array(buf.buffer, buf.byteOffset + pos, count);
      pos += count * 4;
      return view;
    };
    const n = header.docs;
    const lengths = { c: u32(n), p: u32(n), d: u32(n) };
    const lines = u32(n);
    const offsets = u32(header.terms + 1);
    const starts = u32(header.terms + 1);
    const slots = u32(header.table);
    const table = new Int32Array(slots.buffer, slots.byteOffset, slots.length);
    const data = new Int32Array(buf.buffer, buf.byteOffset + pos, header.pairs * 2);
    pos += header.pairs * 8;
    const kinds = buf.subarray(pos, pos + n);
    pos += n;
    const text = (len: number) => {
      const s = buf.toString("utf8", pos, pos + len);
      pos += len;
      return s;
    };
    const list = (len: number) => {
      const s = text(len);
      return n === 0 ? [] : s.split("\0");
    };
    const paths = list(header.bytes.paths);
    const keys = list(header.bytes.keys);
    const blob = text(header.bytes.terms);
    if (paths.length !== n || keys.length !== n || pos !== buf.length) return null;
    return {
      filesHash: header.filesHash,
      index: {
        docs: paths.map((path, i) => ({
          path,
          key: keys[i] ?? "",
          kind: FILE_KINDS[kinds[i] ?? 0] ?? "binary",
          lines: lines[i] ?? 0,
        })),
        lengths,
        dict: new TermDict(blob, starts, table),
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

function align(n: number): number {
  return (n + 3) & ~3;
}

/** The most recently written index of another commit, as a base for an incremental update. */
export function latestOtherCommit(dir: string, commit: string): string | null {
  try {
    const found = readdirSync(dir)
      .filter((f) => f.endsWith(SUFFIX) && f !== `${commit}${SUFFIX}`)
      .map((f) => ({ c: f.slice(0, -SUFFIX.length), t: statSync(join(dir, f)).mtimeMs }))
      .sort((a, b) => b.t - a.t);
    return found[0]?.c ?? null;
  } catch {
    return null;
  }
}

export function saveIndex(dir: string, commit: string, index: LocalIndex, hash: string, logger?: Logger): void {
  try {
    mkdirSync(dir, { recursive: true });
    const n = index.docs.length;
    const paths = Buffer.from(index.docs.map((d) => d.path).join("\0"), "utf8");
    const keys = Buffer.from(index.docs.map((d) => d.key).join("\0"), "utf8");
    const terms = Buffer.from(index.dict.blob, "utf8");
    const header: Header = {
      version: VERSION,
      filesHash: hash,
      docs: n,
      terms: index.dict.size,
      pairs: index.data.length / 2,
      table: index.dict.table.length,
      bytes: { paths: paths.length, keys: keys.length, terms: terms.length },
    };
    const head = Buffer.from(JSON.stringify(header), "utf8");
    const prefix = Buffer.alloc(align(MAGIC.length + 4 + head.length));
    prefix.write(MAGIC, 0, "latin1");
    prefix.writeUInt32LE(head.length, MAGIC.length);
    head.copy(prefix, MAGIC.length + 4);
    const bytes = (a: Uint32Array | Int32Array) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
    const kinds = Uint8Array.from(index.docs, (d) => Math.max(0, FILE_KINDS.indexOf(d.kind)));
    const lines = Uint32Array.from(index.docs, (d) => d.lines);
    const parts = [
      prefix,
      bytes(index.lengths.c),
      bytes(index.lengths.p),
      bytes(index.lengths.d),
      bytes(lines),
      bytes(index.offsets),
      bytes(index.dict.starts),
      bytes(index.dict.table),
      bytes(index.data),
      kinds,
      paths,
      keys,
      terms,
    ];
    const at = fileOf(dir, commit);
    const tmp = `${at}.${process.pid}.${Date.now()}.tmp`;
    // Written whole under a temporary name, then renamed: a reader sees an old file or a complete new one.
    const fd = openSync(tmp, "w");
    try {
      // Gathered write: the sections go out as they are, without first copying 40 MB into one buffer.
      writeAll(fd, parts);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, at);
    prune(dir);
  } catch (error) {
    // A cache that cannot be written costs speed, not correctness.
    logger?.warn({ err: error, dir }, "index cache not written");
  }
}

function writeAll(fd: number, parts: Uint8Array[]): void {
  let pending = parts.filter((p) => p.length > 0);
  while (pending.length > 0) {
    // writev takes at most IOV_MAX (1024) buffers and may write less than asked.
    let written = writevSync(fd, pending.slice(0, 1024));
    const rest: Uint8Array[] = [];
    for (const p of pending) {
      if (written >= p.length) written -= p.length;
      else {
        rest.push(p.subarray(written));
        written = 0;
      }
    }
    pending = rest;
  }
}

function prune(dir: string): void {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(SUFFIX))
    .map((f) => ({ f, t: statSync(join(dir, f)).mtimeMs }))
    .sort((a, b) => b.t - a.t);
  for (const { f } of files.slice(KEEP)) rmSync(join(dir, f), { force: true });
}
