import { createServer } from "node:net";
import { Worker } from "node:worker_threads";
import { type DrainSettings, discardSegments, type IntakeDrain, openIntakeDrain } from "../../queue/journal/intake.ts";
import type { JobsReader } from "../jobs-api.ts";
import { relog } from "./logs.ts";
import type { FromThread, HostCalls, ThreadData, ToThread } from "./protocol.ts";

export interface IntakeServerOptions extends DrainSettings {
  /** How many threads answer webhooks. */
  threads: number;
  host: string;
  port: number;
  rules: ThreadData["rules"];
  fsync: ThreadData["fsync"];
  maxBodyBytes?: number;
  token: string;
  /** Whether the database answers. */
  databaseReady: () => Promise<boolean>;
  reader: JobsReader;
  /** Starts a thread; tests pass their own to reach the threads they start. */
  startThread?: (data: ThreadData) => Worker;
}

const startThread = (data: ThreadData): Worker =>
  new Worker(new URL("./thread.ts", import.meta.url), { workerData: data });

export interface IntakeServer {
  port: number;
  /** Deliveries acknowledged but not yet in the database. */
  backlog(): number;
  /** Stops taking connections, lets requests in flight finish, stores what was acknowledged. */
  close(): Promise<void>;
}

interface Thread {
  worker: Worker;
  tag: string;
  alive: boolean;
  /** It sent its last frames and closed its journal: everything it wrote reached this thread. */
  clean: boolean;
  /** Resolves when the thread has sent its last frames and closed its journal. */
  closed: Promise<void>;
}

interface Entry {
  frame: Buffer;
  thread: Thread;
}

/**
 * The intake: `threads` HTTP servers on one port, each checking deliveries and journaling them on its own
 * thread (see thread.ts), and on this thread the database side: it replays what a dead writer left,
 * stores the frames the threads send and tells each which of its frames are stored. A thread that dies
 * is replaced, and what it had written is replayed from its segments, so nothing it acknowledged is lost.
 */
export async function startIntakeServer(o: IntakeServerOptions): Promise<IntakeServer> {
  const threads = new Set<Thread>();
  // Replacements still starting: close() waits for them, or one could listen after everything closed.
  const restarts = new Set<Promise<unknown>>();
  let closing = false;
  const drain: IntakeDrain<Entry> = await openIntakeDrain<Entry>({
    ...o,
    settle(entries) {
      const counts = new Map<Thread, number>();
      for (const e of entries) counts.set(e.thread, (counts.get(e.thread) ?? 0) + 1);
      for (const [thread, count] of counts) if (thread.alive) send(thread, { t: "settled", count });
    },
  });
  const calls: HostCalls = {
    readiness: async () => ({ ready: await o.databaseReady().catch(() => false), backlog: drain.backlog() }),
    "jobs.list": (limit) => o.reader.list(limit),
    "jobs.get": (id) => o.reader.get(id),
  };
  const send = (thread: Thread, message: ToThread): void => thread.worker.postMessage(message);
  const receive = (frames: Uint8Array[], thread: Thread): void =>
    drain.push(frames.map((f) => ({ frame: Buffer.from(f.buffer, f.byteOffset, f.byteLength), thread })));

  const spawn = (index: number, port: number): Promise<{ thread: Thread; port: number }> => {
    const data: ThreadData = {
      index,
      host: o.host,
      port,
      rules: { ...o.rules, secrets: [...o.rules.secrets] },
      dir: o.dir,
      fsync: o.fsync,
      token: o.token,
      logLevel: o.logger.level,
      ...(o.maxBodyBytes ? { maxBodyBytes: o.maxBodyBytes } : {}),
    };
    const worker = (o.startThread ?? startThread)(data);
    let markClosed = (): void => {};
    const thread: Thread = { worker, tag: "", alive: true, clean: false, closed: new Promise((r) => (markClosed = r)) };
    return new Promise((resolve, reject) => {
      worker.on("message", (m: FromThread) => {
        if (m.t === "frames") receive(m.frames, thread);
        else if (m.t === "log") relog(o.logger, m.line);
        else if (m.t === "call") answer(thread, m.id, m.name, m.arg);
        else if (m.t === "listening") {
          thread.tag = m.tag;
          threads.add(thread);
          resolve({ thread, port: m.port });
        } else if (m.t === "failed") {
          reject(new Error(`cannot listen on ${o.host}:${port}: ${m.error}`));
          void worker.terminate();
        } else if (m.t === "closed") {
          receive(m.frames, thread);
          thread.clean = true;
          markClosed();
        }
      });
      worker.on("error", (error) => o.logger.error({ err: error, thread: index }, "an intake thread failed"));
      worker.on("exit", () => {
        thread.alive = false;
        markClosed();
        reject(new Error("the intake thread stopped before it listened"));
        if (closing || !threads.has(thread)) return;
        threads.delete(thread);
        // Its segments are listed now, before a new writer starts, and stored in the background.
        void drain
          .replay(new Set([...threads].map((t) => t.tag)))
          .catch((error) => o.logger.error({ err: error }, "could not store a stopped intake thread's journal"));
        o.logger.error({ thread: index }, "an intake thread stopped; starting another");
        const restart = spawn(index, port)
          .catch((error) => o.logger.error({ err: error }, "could not restart an intake thread"))
          .finally(() => restarts.delete(restart));
        restarts.add(restart);
      });
    });
  };
  const answer = (thread: Thread, id: number, name: keyof HostCalls, arg: unknown): void => {
    const run = calls[name] as (a: unknown) => Promise<unknown>;
    run(arg).then(
      (value) => thread.alive && send(thread, { t: "reply", id, value }),
      (error: unknown) => thread.alive && send(thread, { t: "reply", id, error: String(error) }),
    );
  };

  let port = 0;
  try {
    port = await reservePort(o.host, o.port);
    for (let i = 0; i < Math.max(1, o.threads); i++) port = (await spawn(i, port)).port;
  } catch (error) {
    closing = true;
    await Promise.all([...threads].map((t) => t.worker.terminate()));
    await drain.close();
    throw error;
  }
  return {
    port,
    backlog: () => drain.backlog(),
    async close() {
      await Promise.all(restarts);
      closing = true;
      const running = [...threads].filter((t) => t.alive);
      for (const t of running) send(t, { t: "close" });
      await Promise.all(running.map((t) => t.closed));
      const clean = running.filter((t) => t.clean);
      // Everything the threads wrote was sent here: once it is all stored, their segments can go.
      if (await drain.close()) discardSegments(o.dir, new Set(clean.map((t) => t.tag)));
    },
  };
}

/**
 * The port to share, free of any other listener: the threads bind it with SO_REUSEPORT, which on its own
 * would let a second booty on the same port take half the connections rather than fail.
 */
function reservePort(host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", (error) => reject(new Error(`cannot listen on ${host}:${port}: ${error.message}`)));
    probe.listen({ port, host, exclusive: true }, () => {
      const bound = (probe.address() as { port: number }).port;
      probe.close(() => resolve(bound));
    });
  });
}
