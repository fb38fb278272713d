import { Worker } from "node:worker_threads";
import type { Logger } from "../../log/logger.ts";
import { newSegmentTag } from "../journal/segment-files.ts";
import { relog } from "./logs.ts";
import type { FromThread, HostCalls, ThreadData, ToThread } from "./protocol.ts";

/** One intake thread as the main thread sees it. */
export interface ThreadHandle {
  index: number;
  /** Its segments' tag, chosen here, so that its segments are known to be live before they exist. */
  tag: string;
  listening: boolean;
  /** It sent its last frames and closed its journal: everything it wrote reached this thread. */
  clean: boolean;
  /** Resolves with the port once it listens; rejects with why it could not. */
  ready: Promise<number>;
  exited: Promise<void>;
  send(message: ToThread): void;
  terminate(): Promise<void>;
}

export interface ThreadHooks {
  /** Frames it made durable, in write order. */
  frames(frames: Uint8Array[], thread: ThreadHandle): void;
  /** It stopped after it had listened, without closing. */
  died(thread: ThreadHandle): void;
  calls: HostCalls;
  logger: Logger;
  startThread: (data: ThreadData) => Worker;
}

export const defaultStartThread = (data: ThreadData): Worker =>
  new Worker(new URL("./thread.ts", import.meta.url), { workerData: data });

/** Starts an intake thread and relays what it says: frames, log lines, calls for the database. */
export function startThreadHandle(data: Omit<ThreadData, "tag">, hooks: ThreadHooks): ThreadHandle {
  const tag = newSegmentTag();
  const worker = hooks.startThread({ ...data, tag });
  let failure: Error | null = null;
  let listened: (port: number) => void = () => {};
  let refused: (error: Error) => void = () => {};
  let exited: () => void = () => {};
  const handle: ThreadHandle = {
    index: data.index,
    tag,
    listening: false,
    clean: false,
    ready: new Promise<number>((resolve, reject) => {
      listened = resolve;
      refused = reject;
    }),
    exited: new Promise<void>((r) => (exited = r)),
    send: (message) => worker.postMessage(message),
    terminate: async () => void (await worker.terminate()),
  };
  handle.ready.catch(() => {});
  const answer = (id: number, name: keyof HostCalls, arg: unknown): void => {
    const call = hooks.calls[name] as (a: unknown) => Promise<unknown>;
    call(arg).then(
      (value) => worker.postMessage({ t: "reply", id, value } satisfies ToThread),
      (error: unknown) => worker.postMessage({ t: "reply", id, error: String(error) } satisfies ToThread),
    );
  };
  worker.on("message", (m: FromThread) => {
    if (m.t === "frames") hooks.frames(m.frames, handle);
    else if (m.t === "log") relog(hooks.logger, m.line);
    else if (m.t === "call") answer(m.id, m.name, m.arg);
    else if (m.t === "listening") {
      handle.listening = true;
      listened(m.port);
    } else if (m.t === "failed") {
      failure = new Error(`cannot listen on ${data.host}:${data.port}: ${m.error}`);
      void worker.terminate();
    } else if (m.t === "closed") {
      hooks.frames(m.frames, handle);
      handle.clean = true;
    }
  });
  worker.on("error", (error) => {
    failure ??= error;
    hooks.logger.error({ err: error, thread: data.index }, "an intake thread failed");
  });
  worker.on("exit", () => {
    refused(failure ?? new Error("the intake thread stopped before it listened"));
    exited();
    if (handle.listening && !handle.clean) hooks.died(handle);
  });
  return handle;
}
