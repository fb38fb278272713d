import { closeSync, constants, openSync, readSync } from "node:fs";
import { classifyContent, type FileKind, indexesContent, MAX_INDEXED_BYTES, PathClassifier } from "./classify.ts";

const decoder = new TextDecoder("utf-8", { fatal: false });
const NONE = new Uint8Array(0);

/** A file as read: its text, and its bytes (valid until the reader's next read), both empty unless indexed. */
export interface FileContent {
  kind: FileKind;
  text: string;
  bytes: Uint8Array;
}
// Not following a symlink keeps a hostile repository from pulling files outside it into the prompt;
// non-blocking keeps a FIFO from hanging the read.
const OPEN_FLAGS = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;

/** One buffer reused for every read of a build: reading 50,000 files allocates once, not 50,000 times. */
export class FileReader {
  // Replaced for a file past its size; stored twice, as in TermPool, so that optimized code does not take it for a constant.
  private buf = Buffer.allocUnsafe(0);
  private readonly paths = new PathClassifier();

  constructor() {
    this.buf = Buffer.allocUnsafe(1 << 16);
  }

  /** Reads and classifies one file. Never throws: a file that vanished or cannot be read is indexed by path. */
  read(root: string, path: string): FileContent {
    let kind = this.paths.classify(path);
    if (!indexesContent(kind)) return { kind, text: "", bytes: NONE };
    let fd = -1;
    try {
      // No stat: git checks out regular files and symlinks only, a directory (submodule) fails the read,
      // and reading one byte past the limit tells a huge file. Fewer syscalls per file add up at 50,000.
      // Git paths are relative and normalised: a plain join, without path.join's parsing, is the same path.
      fd = openSync(`${root}/${path}`, OPEN_FLAGS);
      let len = 0;
      // A short read of a regular file is its end: most files take one read call, not two.
      for (let want = 1, got = 1; got === want && len <= MAX_INDEXED_BYTES; len += got) {
        if (len === this.buf.length) this.buf = Buffer.concat([this.buf, Buffer.allocUnsafe(this.buf.length)]);
        want = Math.min(this.buf.length, MAX_INDEXED_BYTES + 1) - len;
        got = readSync(fd, this.buf, len, want, null);
      }
      if (len > MAX_INDEXED_BYTES) return { kind: "huge", text: "", bytes: NONE };
      // A plain view: Buffer#subarray builds a Buffer, which costs more than the read of a small file.
      const bytes = new Uint8Array(this.buf.buffer, this.buf.byteOffset, len);
      const text = decoder.decode(bytes);
      kind = classifyContent(kind, bytes, text);
      return indexesContent(kind) ? { kind, text, bytes } : { kind, text: "", bytes: NONE };
    } catch {
      return { kind: "binary", text: "", bytes: NONE };
    } finally {
      if (fd >= 0) closeSync(fd);
    }
  }
}

export function countLines(text: string): number {
  let lines = text ? 1 : 0;
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) lines++;
  return lines;
}
