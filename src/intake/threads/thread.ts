/**
 * One intake thread: an HTTP server on the shared port (SO_REUSEPORT, so the kernel spreads connections
 * over the threads) that checks each delivery and writes it to a journal of its own before the 202, with
 * no hop to another thread on the way. Durable frames go to the main thread in batches, to be stored in
 * the database; the calls that need the database (readiness, the jobs API) are answered there.
 */
import type { AddressInfo } from "node:net";
import { parentPort, workerData } from "node:worker_threads";
import { createApp } from "../../server/app.ts";
import { inlineChecker } from "../check/check.ts";
import { reportSyncError } from "../journal/intake.ts";
import { type JournalEntry, openJournal } from "../journal/journal.ts";
import { threadLogger } from "./logs.ts";
import type { CallName, FromThread, HostCalls, ThreadData, ToThread } from "./protocol.ts";

/** Frames wait this long, or until there are this many, before they go to the main thread. */
const SEND_EVERY_MS = 20;
const SEND_AT = 256;
/** A call the main thread has not answered by then fails (a 500 for that request), rather than hang. */
const CALL_TIMEOUT_MS = 10_000;

const data = workerData as ThreadData;
const port = parentPort;
if (!port) throw new Error("thread.ts runs as an intake thread");
const post = (message: FromThread, transfer: ArrayBuffer[] = []): void => port.postMessage(message, transfer);
const logger = threadLogger(data.logLevel, (line) => post({ t: "log", line })).child({ intakeThread: data.index });

const calls = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
let nextCall = 0;
const call = <N extends CallName>(name: N, arg?: Parameters<HostCalls[N]>[0]): ReturnType<HostCalls[N]> =>
  new Promise((resolve, reject) => {
    const id = nextCall++;
    const timer = setTimeout(() => {
      calls.delete(id);
      reject(new Error(`the main thread did not answer ${name} within ${CALL_TIMEOUT_MS} ms`));
    }, CALL_TIMEOUT_MS);
    const settle =
      <T>(f: (v: T) => void) =>
      (v: T) => {
        clearTimeout(timer);
        f(v);
      };
    calls.set(id, { resolve: settle(resolve), reject: settle(reject) });
    post({ t: "call", id, name, arg });
  }) as ReturnType<HostCalls[N]>;

// Frames sent and not yet settled, oldest first: the main thread stores them in the order they came.
const unsent: Buffer[] = [];
const unsettled: JournalEntry[] = [];
let sendTimer: NodeJS.Timeout | null = null;
const takeUnsent = (): { frames: Uint8Array[]; transfer: ArrayBuffer[] } => {
  const frames = unsent.splice(0);
  return { frames, transfer: [...new Set(frames.map((f) => f.buffer as ArrayBuffer))] };
};
const send = (): void => {
  if (sendTimer) clearTimeout(sendTimer);
  sendTimer = null;
  const { frames, transfer } = takeUnsent();
  if (frames.length > 0) post({ t: "frames", frames }, transfer);
};

const journal = openJournal({
  dir: data.dir,
  tag: data.tag,
  fsync: data.fsync,
  onDurable: (entries) => {
    for (const entry of entries) {
      unsettled.push(entry);
      unsent.push(entry.frame);
    }
    if (unsent.length >= SEND_AT) send();
    else sendTimer ??= setTimeout(send, SEND_EVERY_MS);
  },
  onSyncError: (error, path) => reportSyncError(logger, error, path),
});

const server = createApp({
  logger,
  connections: { caps: data.connections, slot: data.index },
  // Not ready while this thread's journal cannot write: its deliveries would be refused.
  readiness: async () => {
    const [answer, writable] = await Promise.all([call("readiness"), journal.writable()]);
    return writable
      ? answer
      : { ...answer, ready: false, reason: "the intake journal cannot write (is the disk full?)" };
  },
  webhook: {
    checker: inlineChecker(data.rules),
    intake: journal,
    logger,
    ...(data.maxBodyBytes ? { maxBodyBytes: data.maxBodyBytes } : {}),
  },
  jobsApi: {
    token: data.token,
    reader: {
      list: (limit) => call("jobs.list", limit),
      get: (id) => call("jobs.get", id),
      deliveries: (limit) => call("deliveries.list", limit),
    },
  },
});

let closing = false;
port.on("message", (m: ToThread) => {
  if (m.t === "reply") {
    const waiting = calls.get(m.id);
    calls.delete(m.id);
    if (m.error !== undefined) waiting?.reject(new Error(m.error));
    else waiting?.resolve(m.value);
  } else if (m.t === "settled") {
    journal.settle(unsettled.splice(0, m.count));
  } else if (m.t === "close" && !closing) {
    closing = true;
    server.close(() => {
      void journal.close().then(() => {
        if (sendTimer) clearTimeout(sendTimer);
        const { frames, transfer } = takeUnsent();
        post({ t: "closed", frames }, transfer);
        port.close();
      });
    });
    server.closeIdleConnections();
  }
});

server.once("error", (error) => post({ t: "failed", error: error.message }));
server.listen({ port: data.port, host: data.host, reusePort: data.reusePort }, () => {
  post({ t: "listening", port: (server.address() as AddressInfo).port, tag: journal.tag });
});
