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

export interface JournalOptions {
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
}

/**
 * The intake's write-ahead log. Appends of one turn of the event loop, or that arrive while a write is
 * in flight, share the next write: a group commit, whose cost (with `always`, a disk flush) is paid once
 * however many deliveries a burst brings. Written entries go to `onDurable`, which stores them in the
 * database.
 */
export function openJournal(opts: JournalOptions): Journal {
  mkdirSync(opts.dir, { recursive: true });
  return new GroupCommitJournal(opts);
}

class GroupCommitJournal implements Journal {
  readonly tag: string;
  private readonly opts: JournalOptions;
  private readonly rotateBytes: number;
  private readonly always: boolean;
  private readonly namer: ReturnType<typeof segmentNamer>;
  private readonly segments = new Set<Segment>();
  private readonly unsynced = new Set<Segment>();
  private syncTimer: NodeJS.Timeout | null = null;
  private current: Segment | null = null;
  private waiting: Waiting[] = [];
  private writing = false;
  private closed = false;
  private idle: (() => void) | null = null;
  private failing = false;

  constructor(opts: JournalOptions) {
    this.opts = opts;
    this.rotateBytes = opts.rotateBytes ?? 4 * 1024 * 1024;
    this.always = opts.fsync === "always";
    this.namer = segmentNamer(opts.dir, opts.tag);
    this.tag = this.namer.tag;
  }

  append(buf: Buffer): Promise<void> {
    if (this.closed) return Promise.reject(new Error("the intake journal is closed"));
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ buf, resolve, reject });
      if (!this.writing) this.schedule();
    });
  }

  settle(entries: readonly JournalEntry[]): void {
    const touched = new Set<Segment>();
    for (const e of entries) {
      e.segment.unsettled--;
      touched.add(e.segment);
    }
    // The live segment is swapped for a fresh one only once everything written to it is stored.
    const current = this.current;
    if (current && current.unsettled === 0 && current.bytes >= this.rotateBytes && !this.writing) {
      current.open = false;
      touched.add(current);
      this.current = null;
    }
    for (const s of touched) this.retire(s);
  }

  async writable(): Promise<boolean> {
    if (!this.failing) return true;
    this.failing = !(await probeWrite(this.opts.dir));
    return !this.failing;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.writing) await new Promise<void>((r) => (this.idle = r));
    if (this.syncTimer) clearTimeout(this.syncTimer);
    for (const s of this.segments) if (s.unsettled > 0) fdatasyncSync(s.fd);
    this.current = null;
    for (const s of [...this.segments]) {
      if (s.unsettled === 0) this.retire(s);
      else {
        // Left for the next start to store: it replays whatever a segment still holds.
        this.segments.delete(s);
        closeSync(s.fd);
      }
    }
  }

  private syncLater(segment: Segment): void {
    if (this.always) return;
    this.unsynced.add(segment);
    if (this.syncTimer) return;
    this.syncTimer = setTimeout(() => {
      this.syncTimer = null;
      // A segment retired meanwhile had everything stored in the database: its file is gone.
      for (const s of this.unsynced) {
        if (this.segments.has(s)) fdatasync(s.fd, (error) => error && this.opts.onSyncError?.(error, s.path));
      }
      this.unsynced.clear();
    }, this.opts.syncEveryMs ?? 100);
    this.syncTimer.unref();
  }

  private fresh(): Segment {
    const path = this.namer.next();
    const fd = createSegmentFile(this.opts.dir, path, this.always);
    const segment = { path, fd, bytes: 0, unsettled: 0, open: true };
    this.segments.add(segment);
    return segment;
  }

  private retire(segment: Segment): void {
    if (segment === this.current || segment.unsettled > 0 || this.segments.has(segment) === false) return;
    this.segments.delete(segment);
    closeSync(segment.fd);
    rmSync(segment.path, { force: true });
  }

  // Appends made in one turn of the event loop share one write.
  private schedule(): void {
    this.writing = true;
    if (this.always) this.flush();
    else setImmediate(() => this.flush());
  }

  private flush(): void {
    if (this.waiting.length === 0) {
      this.writing = false;
      this.idle?.();
      return;
    }
    const batch = this.waiting;
    this.waiting = [];
    let segment: Segment;
    try {
      if (!this.current?.open) this.current = this.fresh();
      segment = this.current;
    } catch (error) {
      this.failing = true;
      for (const w of batch) w.reject(error);
      this.flush();
      return;
    }
    writeBatch(
      segment.fd,
      batch.map((w) => w.buf),
      this.always,
      (error) => this.written(segment, batch, error),
    );
  }

  private written(segment: Segment, batch: Waiting[], error: Error | null): void {
    if (error) {
      // Nothing more goes to a segment a write failed on (a torn record may end it): let go of it now,
      // or each failure would leave one more descriptor open until the process ends.
      segment.open = false;
      this.failing = true;
      if (this.current === segment) this.current = null;
      this.retire(segment);
      for (const w of batch) w.reject(error);
    } else {
      this.failing = false;
      for (const w of batch) segment.bytes += w.buf.length;
      this.syncLater(segment);
      segment.unsettled += batch.length;
      this.opts.onDurable(batch.map((w) => ({ frame: w.buf, segment })));
      for (const w of batch) w.resolve();
    }
    if (this.always) this.flush();
    else {
      this.writing = false;
      if (this.waiting.length > 0) this.schedule();
      else this.idle?.();
    }
  }
}

/**
 * `always`: the write itself waits for the disk, so it runs off the event loop. `interval`: a write to
 * the OS's cache takes microseconds, and doing it here spares a trip through the thread pool. A write
 * cut short (a full disk) fails like any other: its deliveries are refused, not acknowledged.
 */
function writeBatch(fd: number, bufs: Buffer[], always: boolean, done: (error: Error | null) => void): void {
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
