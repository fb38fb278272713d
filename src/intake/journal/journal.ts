import { closeSync, fdatasync, fdatasyncSync, mkdirSync, rmSync, writev, writevSync } from "node:fs";
import { rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { createSegmentFile, segmentNamer } from "./segment-files.ts";

interface Segment {
  path: string;
  fd: number;
  bytes: number;
  /** Records written here that are not yet in the database. */
  unsettled: number;
  /** False after a failed write: a torn record may follow, so nothing more is appended here. */
  open: boolean;
}

export interface JournalEntry {
  /** One record, as `encodeRecord` makes it. */
  frame: Buffer;
  segment: Segment;
}

export interface Journal {
  /** Only the owner tag of this process's segments, so that recovery leaves them alone. */
  readonly tag: string;
  /** Resolves once the record (an `encodeRecord` frame) is on disk: only then may the intake answer 202. */
  append(frame: Buffer): Promise<void>;
  /** These entries are in the database now; a segment whose entries all are is deleted. */
  settle(entries: readonly JournalEntry[]): void;
  /** Waits for writes in flight, closes the files and deletes the segments with nothing left to store. */
  close(): Promise<void>;
  /**
   * False while the journal cannot write (its last write failed, a full disk say) and a probe write in
   * its folder still fails: the intake is then not ready. A probe that succeeds clears the failure.
   */
  writable(): Promise<boolean>;
}

interface Waiting {
  buf: Buffer;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * The intake's write-ahead log. Appends of one turn of the event loop, or that arrive while a write is
 * in flight, share the next write: a group commit, whose cost (with `always`, a disk flush) is paid once
 * however many deliveries a burst brings. Written entries go to `onDurable`, which stores them in the
 * database.
 */
export function openJournal(opts: {
  dir: string;
  onDurable: (entries: JournalEntry[]) => void;
  /** A drained segment at least this large is replaced by a fresh one, so a restart replays little. */
  rotateBytes?: number;
  /**
   * `always`: a record is on the disk before append resolves. `interval`: append resolves once the record
   * is with the OS, which keeps it through a crash or kill of this process, and the disk is flushed every
   * `syncEveryMs`, so a power loss costs at most that much.
   */
  fsync?: "always" | "interval";
  syncEveryMs?: number;
  /** A flush that failed: deliveries already acknowledged may not survive a power loss. */
  onSyncError?: (error: Error, path: string) => void;
  /** The writer's tag in its segments' names, when whoever replays them must know it before any exist. */
  tag?: string;
}): Journal {
  mkdirSync(opts.dir, { recursive: true });
  const rotateBytes = opts.rotateBytes ?? 4 * 1024 * 1024;
  const always = opts.fsync === "always";
  let syncTimer: NodeJS.Timeout | null = null;
  const unsynced = new Set<Segment>();
  const syncLater = (segment: Segment): void => {
    if (always) return;
    unsynced.add(segment);
    if (syncTimer) return;
    syncTimer = setTimeout(() => {
      syncTimer = null;
      // A segment retired meanwhile had everything stored in the database: its file is gone.
      for (const s of unsynced) {
        if (segments.has(s)) fdatasync(s.fd, (error) => error && opts.onSyncError?.(error, s.path));
      }
      unsynced.clear();
    }, opts.syncEveryMs ?? 100);
    syncTimer.unref();
  };
  const namer = segmentNamer(opts.dir, opts.tag);
  const segments = new Set<Segment>();
  let current: Segment | null = null;
  let waiting: Waiting[] = [];
  let writing = false;
  let closed = false;
  let idle: (() => void) | null = null;
  let failing = false;

  const fresh = (): Segment => {
    const path = namer.next();
    const segment = { path, fd: createSegmentFile(opts.dir, path, always), bytes: 0, unsettled: 0, open: true };
    segments.add(segment);
    return segment;
  };
  const retire = (segment: Segment): void => {
    if (segment === current || segment.unsettled > 0 || segments.has(segment) === false) return;
    segments.delete(segment);
    closeSync(segment.fd);
    rmSync(segment.path, { force: true });
  };

  // `always`: the write itself waits for the disk, so it runs off the event loop. `interval`: a write to
  // the OS's cache takes microseconds, and doing it here spares a trip through the thread pool. A write
  // cut short (a full disk) fails like any other: its deliveries are refused, not acknowledged.
  const write = (fd: number, bufs: Buffer[], done: (error: Error | null) => void): void => {
    const total = bufs.reduce((n, b) => n + b.length, 0);
    const short = (written: number): Error | null =>
      written === total ? null : new Error(`the intake journal took ${written} of ${total} bytes (is the disk full?)`);
    if (always) {
      writev(fd, bufs, (error, written) => done(error ?? short(written)));
      return;
    }
    let failure: Error | null = null;
    try {
      failure = short(writevSync(fd, bufs));
    } catch (error) {
      failure = error as Error;
    }
    done(failure);
  };

  const flush = (): void => {
    if (waiting.length === 0) {
      writing = false;
      idle?.();
      return;
    }
    const batch = waiting;
    waiting = [];
    let segment: Segment;
    try {
      if (!current?.open) current = fresh();
      segment = current;
    } catch (error) {
      failing = true;
      for (const w of batch) w.reject(error);
      flush();
      return;
    }
    write(
      segment.fd,
      batch.map((w) => w.buf),
      (error) => {
        if (error) {
          // Nothing more goes to a segment a write failed on (a torn record may end it): let go of it now,
          // or each failure would leave one more descriptor open until the process ends.
          segment.open = false;
          failing = true;
          if (current === segment) current = null;
          retire(segment);
          for (const w of batch) w.reject(error);
        } else {
          failing = false;
          for (const w of batch) segment.bytes += w.buf.length;
          syncLater(segment);
          segment.unsettled += batch.length;
          opts.onDurable(batch.map((w) => ({ frame: w.buf, segment })));
          for (const w of batch) w.resolve();
        }
        if (always) flush();
        else {
          writing = false;
          if (waiting.length > 0) schedule();
          else idle?.();
        }
      },
    );
  };
  // Appends made in one turn of the event loop share one write.
  const schedule = (): void => {
    writing = true;
    if (always) flush();
    else setImmediate(flush);
  };

  return {
    tag: namer.tag,
    append(buf) {
      if (closed) return Promise.reject(new Error("the intake journal is closed"));
      return new Promise<void>((resolve, reject) => {
        waiting.push({ buf, resolve, reject });
        if (!writing) schedule();
      });
    },
    settle(entries) {
      const touched = new Set<Segment>();
      for (const e of entries) {
        e.segment.unsettled--;
        touched.add(e.segment);
      }
      // The live segment is swapped for a fresh one only once everything written to it is stored.
      if (current && current.unsettled === 0 && current.bytes >= rotateBytes && !writing) {
        current.open = false;
        touched.add(current);
        current = null;
      }
      for (const s of touched) retire(s);
    },
    async writable() {
      if (!failing) return true;
      failing = !(await probeWrite(opts.dir));
      return !failing;
    },
    async close() {
      closed = true;
      if (writing) await new Promise<void>((r) => (idle = r));
      if (syncTimer) clearTimeout(syncTimer);
      for (const s of segments) if (s.unsettled > 0) fdatasyncSync(s.fd);
      current = null;
      for (const s of [...segments]) {
        if (s.unsettled === 0) retire(s);
        else {
          // Left for the next start to store: it replays whatever a segment still holds.
          segments.delete(s);
          closeSync(s.fd);
        }
      }
    },
  };
}

/** Whether a block can be written in the journal's folder now; the probe file is removed either way. */
async function probeWrite(dir: string): Promise<boolean> {
  const path = join(dir, `.probe-${process.pid}-${Math.random().toString(36).slice(2)}`);
  try {
    await writeFile(path, Buffer.alloc(64 * 1024), { flush: true });
    return true;
  } catch {
    return false;
  } finally {
    await rm(path, { force: true });
  }
}
