import { createServer } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import type { Worker } from "node:worker_threads";
import { connectionCaps, resetSlot } from "../../server/connections.ts";
import type { JobsReader } from "../../server/jobs-api.ts";
import { type DrainSettings, discardSegments, type IntakeDrain, openIntakeDrain } from "../journal/intake.ts";
import { defaultStartThread, startThreadHandle, type ThreadHandle } from "./handle.ts";
import type { HostCalls, ThreadData } from "./protocol.ts";

export interface IntakeServerOptions extends DrainSettings {
  /** How many threads answer webhooks. */
  threads: number;
  host: string;
  port: number;
  rules: ThreadData["rules"];
  fsync: ThreadData["fsync"];
  maxBodyBytes?: number;
  /** Open connections at most (all threads), and from one remote address; past them, a 503. */
  maxConnections?: number;
  maxConnectionsPerAddress?: number;
  token: string;
  /** Whether the database answers. */
  databaseReady: () => Promise<boolean>;
  reader: JobsReader;
  /** How long close() lets a thread finish its requests before it is stopped (its journal is kept). */
  closeTimeoutMs?: number;
  /** Starts a thread; tests pass their own to reach the threads they start. */
  startThread?: (data: ThreadData) => Worker;
}

export interface IntakeServer {
  port: number;
  /** Deliveries acknowledged but not yet in the database. */
  backlog(): number;
  /** Stops taking connections, lets requests in flight finish, stores what was acknowledged. */
  close(): Promise<void>;
}

/** Where the kernel spreads one port's connections over several sockets (SO_REUSEPORT). */
const SHARES_PORT = new Set(["linux", "freebsd"]);

interface Entry {
  frame: Buffer;
  thread: ThreadHandle;
}

/**
 * The intake: `threads` HTTP servers on one port, each checking deliveries and journaling them on its own
 * thread (see thread.ts), and on this thread the database side: it replays what a dead writer left,
 * stores the frames the threads send and tells each which of its frames are stored. A thread that dies
 * is replaced, and what it had written is stored from its segments, so nothing it acknowledged is lost.
 */
export async function startIntakeServer(o: IntakeServerOptions): Promise<IntakeServer> {
  const sharesPort = SHARES_PORT.has(process.platform);
  // Every thread started and not yet exited: their segments are live, whether they listen yet or not.
  const threads = new Set<ThreadHandle>();
  let closing = false;
  let replays = Promise.resolve();
  const drain: IntakeDrain<Entry> = await openIntakeDrain<Entry>({
    ...o,
    settle(entries) {
      const counts = new Map<ThreadHandle, number>();
      for (const e of entries) counts.set(e.thread, (counts.get(e.thread) ?? 0) + 1);
      for (const [thread, count] of counts) if (threads.has(thread)) thread.send({ t: "settled", count });
    },
  });
  const liveTags = (): Set<string> => new Set([...threads].map((t) => t.tag));
  // One replay at a time, so that two never race for a file; one the database refuses is tried again.
  const replayDead = (): void => {
    replays = replays.then(() => replayUntilStored(drain, liveTags, o, () => closing));
  };
  const calls = hostCalls(o, drain);

  let port = 0;
  const threadCount = sharesPort ? Math.max(1, o.threads) : 1;
  const connections = connectionCaps(o.maxConnections ?? 1024, o.maxConnectionsPerAddress ?? 64, threadCount);
  const spawn = (index: number): ThreadHandle => {
    resetSlot(connections, index);
    const thread = startThreadHandle(
      { ...threadData(o, connections), index, port, reusePort: sharesPort },
      {
        calls,
        logger: o.logger,
        startThread: o.startThread ?? defaultStartThread,
        frames: (frames, from) =>
          drain.push(frames.map((f) => ({ frame: Buffer.from(f.buffer, f.byteOffset, f.byteLength), thread: from }))),
        died(dead) {
          if (closing) return;
          o.logger.error({ thread: dead.index }, "an intake thread stopped; starting another");
          replayDead();
          const next = spawn(dead.index);
          next.ready.catch((error) => o.logger.error({ err: error }, "could not restart an intake thread"));
        },
      },
    );
    threads.add(thread);
    void thread.exited.then(() => threads.delete(thread));
    // A replacement that comes up while the intake closes is closed at once.
    void thread.ready.then(
      () => closing && thread.send({ t: "close" }),
      () => {},
    );
    return thread;
  };

  try {
    port = await reservePort(o.host, o.port);
    for (let i = 0; i < threadCount; i++) port = await spawn(i).ready;
  } catch (error) {
    closing = true;
    await Promise.all([...threads].map((t) => t.terminate()));
    await drain.close();
    throw error;
  }
  let closed: Promise<void> | null = null;
  const close = async (): Promise<void> => {
    closing = true;
    for (const t of threads) if (t.listening) t.send({ t: "close" });
    const clean = await threadsExited(threads, o);
    await replays;
    // What a thread that did not close cleanly wrote may be in its segments only.
    await drain.replay(clean).catch((error) => o.logger.warn({ err: error }, "journals left for the next start"));
    // Everything the others wrote was sent here: once it is all stored, their segments can go.
    if (await drain.close()) discardSegments(o.dir, clean);
  };
  return {
    port,
    backlog: () => drain.backlog(),
    close: () => (closed ??= close()),
  };
}

/** Stores what stopped threads left in their segments, retrying with backoff until it is done or the intake closes. */
async function replayUntilStored(
  drain: IntakeDrain<Entry>,
  liveTags: () => Set<string>,
  o: IntakeServerOptions,
  closing: () => boolean,
): Promise<void> {
  for (let attempt = 0; !closing(); attempt++) {
    try {
      return await drain.replay(liveTags());
    } catch (error) {
      o.logger.error({ err: error }, "could not store a stopped intake thread's journal; will retry");
      await sleep(Math.min(30_000, 1000 * 2 ** attempt));
    }
  }
}

/** What the threads ask of this one: readiness, and the jobs and deliveries the database holds. */
function hostCalls(o: IntakeServerOptions, drain: IntakeDrain<Entry>): HostCalls {
  return {
    readiness: async () => ({ ready: await o.databaseReady().catch(() => false), backlog: drain.backlog() }),
    "jobs.list": (limit) => o.reader.list(limit),
    "jobs.get": (id) => o.reader.get(id),
    "deliveries.list": (limit) => o.reader.deliveries(limit),
  };
}

/** What every thread is started with; its index, the port and whether it shares it are added per thread. */
function threadData(
  o: IntakeServerOptions,
  connections: ThreadData["connections"],
): Omit<ThreadData, "index" | "port" | "reusePort" | "tag"> {
  return {
    host: o.host,
    rules: o.rules,
    dir: o.dir,
    fsync: o.fsync,
    token: o.token,
    logLevel: o.logger.level,
    connections,
    ...(o.maxBodyBytes ? { maxBodyBytes: o.maxBodyBytes } : {}),
  };
}

/**
 * Waits for every thread (replacements included) to exit, terminating the ones still busy at the close
 * deadline; returns the tags of those that closed cleanly, whose frames were all sent here.
 */
async function threadsExited(threads: Set<ThreadHandle>, o: IntakeServerOptions): Promise<Set<string>> {
  const clean = new Set<string>();
  const deadline = setTimeout(() => {
    o.logger.warn("intake threads still busy at the close deadline: stopped; their journals wait for the next start");
    for (const t of threads) void t.terminate();
  }, o.closeTimeoutMs ?? 10_000);
  while (threads.size > 0) {
    const exiting = [...threads];
    await Promise.all(exiting.map((t) => t.exited));
    for (const t of exiting) if (t.clean) clean.add(t.tag);
  }
  clearTimeout(deadline);
  return clean;
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
